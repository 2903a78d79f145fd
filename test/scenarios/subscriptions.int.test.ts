/**
 * Subscriptions and a CLI that says what it does (issue 9 items 2, 3, 6; issue 15 item 6), driven
 * through the CLI on real files, asserting what each subscriber receives:
 *   (a) `--watch "A,B"` and `--watch A --watch B` both receive a real UN delisting naming A;
 *   (b) unknown filter values are refused with exit 2 and the valid values listed;
 *   (c) a subscriber without kinds receives a notice alert, a `--kinds added` one does not;
 *   (d) a subscription that can never match is refused;
 *   (e) the same target with the same filters cannot be subscribed twice;
 *   (f) metadata webhook targets are refused always, private ones unless allowed;
 *   (g) `deliveries retry <unique prefix>` resends a dead delivery; `--json` listings parse;
 *   (h) `<command> --help` exits 0 for every command of the usage.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bin/sanctions-notifier';
import { type Receiver, startReceiver } from '../delivery/servers';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';
import { type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const UN = (date: string) => realPath('un-consolidated', `${date}.xml`);
const OFAC_FEED = (name: string) => join('test/fixtures/feeds/us-ofac-recent-actions', name);

/** Outbox emails addressed to `to`. */
async function emailsTo(s: Scenario, to: string): Promise<string[]> {
  return (await s.delivered()).emails.filter((e) => new RegExp(`^To: ${to}`, 'mi').test(e));
}

/** Webhook requests received on `path` of the harness receiver, distinct by webhook-id. */
function hooksOn(receiver: Receiver, path: string): Set<string> {
  return new Set(receiver.requests.filter((r) => r.url === path).map((r) => String(r.headers['webhook-id'])));
}

/** `subscribers add …`, which must succeed. */
async function subscribe(s: Scenario, ...args: string[]) {
  const r = await s.cli('subscribers', 'add', ...args);
  expect(r.code, r.err).toBe(0);
  return r;
}

describe('subscriptions through the CLI', () => {
  let s: Scenario | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await s?.close();
    s = undefined;
    while (closers.length) await closers.pop()!();
  });

  it.skipIf(!HAVE_REALDATA)(
    '(a) --watch "A,B" and --watch A --watch B both receive the real delisting naming A, listed alike',
    async () => {
      s = await scenario();
      const comma = ['--watch', 'DHOU EL-AICH,NOT ON ANY LIST'];
      const repeated = ['--watch', 'DHOU EL-AICH', '--watch', 'NOT ON ANY LIST'];
      for (const [who, flags] of [
        ['comma', comma],
        ['repeated', repeated],
      ] as const) {
        for (const add of [
          ['--email', `${who}@example.com`],
          ['--webhook', `${s.webhook.url}/${who}`],
        ]) {
          await subscribe(s, ...add, ...flags);
        }
      }
      await subscribe(s, '--email', 'control@example.com', '--watch', 'NOBODY');

      const listed = await s.cli('subscribers', 'list', '--json');
      expect(listed.code, listed.err).toBe(0);
      const watches = (
        JSON.parse(listed.out) as { subscriptions: { filters: { watch?: string[] } }[] }
      ).subscriptions.map((x) => x.filters.watch);
      expect(watches.slice(0, 4)).toEqual(Array(4).fill(['DHOU EL-AICH', 'NOT ON ANY LIST']));

      expect((await s.poll('un-sc-consolidated', UN('2017-06-30'))).code).toBe(0);
      const second = await s.poll('un-sc-consolidated', UN('2017-07-03'));
      expect(second.code, second.err).toBe(0);
      expect(second.out).toMatch(/0 added, 3 removed/);

      for (const who of ['comma', 'repeated']) {
        const mails = await emailsTo(s, `${who}@example.com`);
        expect(mails, who).toHaveLength(1);
        expect(mails[0]).toMatch(/DHOU EL-AICH/);
        expect(hooksOn(s.webhook, `/${who}`).size, who).toBe(1);
      }
      expect(await emailsTo(s, 'control@example.com')).toHaveLength(0);
    },
    60_000,
  );

  it('(b) unknown --sectors, --kinds, --entity-types, --sources values exit 2 listing the valid ones; an unknown regime warns', async () => {
    s = await scenario();
    const bad = await s.cli('subscribers', 'add', '--email', 'a@example.com', '--sectors', 'oil,foo');
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(
      /^error: --sectors: unknown sector "foo"; valid: oil, gas, .*financial-services.*other$/,
    );
    for (const [flag, value, listed] of [
      ['--kinds', 'deleted', 'notice'],
      ['--entity-types', 'company', 'vessel'],
      ['--sources', 'us-ofac', 'us-ofac-recent-actions'],
    ]) {
      const r = await s.cli('subscribers', 'add', '--email', 'a@example.com', flag!, value!);
      expect(r.code, flag).toBe(2);
      expect(r.err).toMatch(new RegExp(`^error: ${flag}: unknown .*"${value}".*${listed}`));
    }
    const empty = await s.cli('subscribers', 'add', '--email', 'a@example.com', '--watch', ' , ');
    expect(empty.code).toBe(2);
    expect(empty.err).toBe('error: --watch needs at least one value');
    const regime = await s.cli(
      'subscribers',
      'add',
      '--email',
      'a@example.com',
      '--regimes',
      'RUSSIA-EO14204',
    );
    expect(regime.code, regime.err).toBe(0);
    expect(regime.err).toMatch(
      /^warning: --regimes: "RUSSIA-EO14204" is not a regime .*closest known: .*RUSSIA-EO14024/,
    );
    expect((await s.cli('subscribers', 'list')).out).toMatch(/regimes=RUSSIA-EO14204/);
  });

  it('(c) a subscriber without kinds receives a notice alert; a --kinds added subscriber does not', async () => {
    s = await scenario();
    await s.subscribeAll();
    await subscribe(s, '--email', 'added-only@example.com', '--kinds', 'added');
    await subscribe(s, '--email', 'feed@example.com', '--sources', 'us-ofac-recent-actions');

    expect((await s.poll('us-ofac-recent-actions', OFAC_FEED('feed-0.xml'))).code).toBe(0);
    const r = await s.poll('us-ofac-recent-actions', OFAC_FEED('feed-1.xml'));
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);

    const d = await s.delivered();
    const analyst = await emailsTo(s, 'analyst@example.com');
    expect(analyst).toHaveLength(1);
    expect(analyst[0]).toMatch(/Russia-related Designations/);
    expect(d.webhooks).toHaveLength(1);
    expect(JSON.stringify(d.webhooks[0]?.body)).toMatch(/Russia-related Designations/);
    expect(d.slack).toHaveLength(1);
    expect(await emailsTo(s, 'feed@example.com')).toHaveLength(1);
    expect(await emailsTo(s, 'added-only@example.com')).toHaveLength(0);
  });

  it('(d) a subscription that can never match is refused when it is added', async () => {
    s = await scenario();
    const r = await s.cli(
      'subscribers',
      'add',
      '--email',
      'a@example.com',
      '--sources',
      'us-ofac-recent-actions',
      '--kinds',
      'added',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: these filters can never match: us-ofac-recent-actions publishes only notices/,
    );
    const lists = await s.cli(
      'subscribers',
      'add',
      '--email',
      'a@example.com',
      '--sources',
      'us-ofac-sdn',
      '--kinds',
      'notice',
    );
    expect(lists.code).toBe(2);
    expect((await s.cli('subscribers', 'list')).out).toBe('no subscriptions');
  });

  it('(e) the same email (any case) with the same filters cannot be subscribed twice; other filters can', async () => {
    s = await scenario();
    const first = await s.cli('subscribers', 'add', '--email', 'a@example.com', '--sectors', 'oil,gas');
    expect(first.code, first.err).toBe(0);
    const id = /added (sub_\w+)/.exec(first.out)?.[1];
    for (const again of [
      ['--email', 'a@example.com', '--sectors', 'oil,gas'],
      [
        '--email',
        'A@Example.com',
        '--sectors',
        'gas',
        '--sectors',
        'oil',
        '--kinds',
        'added,removed,amended,notice',
      ],
    ]) {
      const r = await s.cli('subscribers', 'add', ...again);
      expect(r.code, again.join(' ')).toBe(1);
      expect(r.err).toBe(`error: email target already subscribed with the same filters (${id})`);
    }
    expect((await s.cli('subscribers', 'add', '--email', 'a@example.com', '--sectors', 'oil')).code).toBe(0);
    const hook = await s.cli('subscribers', 'add', '--webhook', `${s.webhook.url}/x`);
    expect(hook.code).toBe(0);
    expect((await s.cli('subscribers', 'add', '--webhook', `${s.webhook.url}/x`)).code).toBe(1);
    expect((await s.cli('subscribers', 'list')).out.split('\n')).toHaveLength(3);
  });

  it('(f) a metadata webhook target is refused always; private ones only unless ALLOW_PRIVATE_WEBHOOK_TARGETS=true', async () => {
    s = await scenario({ env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' } });
    const meta = await s.cli('subscribers', 'add', '--webhook', 'http://169.254.169.254/latest');
    expect(meta.code).toBe(2);
    expect(meta.err).toMatch(
      /^error: target: 169\.254\.169\.254 is a cloud metadata address: refused always$/,
    );
    expect((await s.cli('subscribers', 'add', '--slack', 'http://169.254.169.254/latest/slack')).code).toBe(
      2,
    );
    expect((await s.cli('subscribers', 'add', '--webhook', 'http://10.1.2.3/hook')).code).toBe(0);
    await s.close();

    s = await scenario({ env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'false' } });
    for (const target of [
      'http://10.1.2.3/hook',
      'http://127.0.0.1:9/hook',
      'http://localhost/hook',
      'http://[::1]/x',
    ]) {
      const r = await s.cli('subscribers', 'add', '--webhook', target);
      expect(r.code, target).toBe(2);
      expect(r.err).toMatch(/^error: target: .* address: refused \(only public addresses are reachable/);
    }
    expect((await s.cli('subscribers', 'add', '--webhook', 'http://169.254.169.254/latest')).code).toBe(2);
    expect((await s.cli('subscribers', 'list')).out).toBe('no subscriptions');
  });

  it.skipIf(!HAVE_REALDATA)(
    '(g) deliveries retry <unique prefix> resends a dead delivery; an ambiguous prefix lists the candidates; --json parses',
    async () => {
      s = await scenario();
      let status = 410;
      const receiver = await startReceiver(() => ({ status }));
      closers.push(receiver.close);
      const add = await s.cli('subscribers', 'add', '--webhook', `${receiver.url}/hook`);
      expect(add.code, add.err).toBe(0);
      expect((await s.cli('subscribers', 'add', '--email', 'a@example.com')).code).toBe(0);
      await s.poll('un-sc-consolidated', UN('2017-06-30'));
      await s.poll('un-sc-consolidated', UN('2017-07-03'));
      expect(receiver.requests).toHaveLength(1);

      const failed = await s.cli('deliveries', 'list', '--failed', '--json');
      expect(failed.code, failed.err).toBe(0);
      const dead = (JSON.parse(failed.out) as { deliveries: { id: string; state: string }[] }).deliveries;
      expect(dead.map((j) => j.state)).toEqual(['dead']);
      const all = JSON.parse((await s.cli('deliveries', 'list', '--json')).out) as { deliveries: unknown[] };
      expect(all.deliveries).toHaveLength(2);
      const subs = JSON.parse((await s.cli('subscribers', 'list', '--json')).out) as {
        subscriptions: { id: string; secret?: string }[];
      };
      expect(subs.subscriptions).toHaveLength(2);
      expect(JSON.stringify(subs)).not.toMatch(/whsec_/);

      const ambiguous = await s.cli('deliveries', 'retry', 'd_');
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.err).toMatch(/^error: d_ is ambiguous: 2 delivery ids start with it \(d_\w+, d_\w+\)/);
      expect((await s.cli('deliveries', 'retry', 'd_zzzz')).err).toBe('error: no delivery d_zzzz');

      status = 200;
      const id = dead[0]!.id;
      const retried = await s.cli('deliveries', 'retry', id.slice(0, 8));
      expect(retried.code, retried.err).toBe(0);
      expect(retried.out).toMatch(new RegExp(`^${id}: sent`));
      expect(receiver.requests).toHaveLength(2);
      expect(receiver.requests[1]?.body).toMatch(/DHOU EL-AICH/);

      const subId = subs.subscriptions[0]!.id;
      const removed = await s.cli('subscribers', 'remove', subId.slice(0, 10));
      expect(removed.code, removed.err).toBe(0);
      expect(removed.out).toBe(`removed ${subId}`);
    },
    60_000,
  );

  it('(h) <command> --help exits 0 with a usage line for every command of the top-level usage', async () => {
    s = await scenario();
    const usage = await s.cli('--help');
    expect(usage.code).toBe(0);
    for (const command of Object.keys(COMMANDS)) {
      expect(usage.out).toContain(`  ${command} `);
      const r = await s.cli(command, '--help');
      expect(r.code, `${command}: ${r.err}`).toBe(0);
      expect(r.out).toMatch(new RegExp(`^usage: sanctions-notifier ${command}`));
      expect(r.out).toMatch(/^examples:\n {2}sanctions-notifier /m);
    }
  }, 60_000);
});
