/**
 * `npm run demo`: replays hand-made publications of two lists (demo/us-ofac-sdn-csv, in OFAC's
 * delimited CSV format with add.csv/alt.csv; demo/un-sc-consolidated, in the UN consolidated XML
 * format) through the full poll pipeline into a fresh data dir, narrating each step. Offline.
 *
 * Output stays in ./.sanctions-notifier/demo (`$SANCTIONS_NOTIFIER_DATA_DIR/demo` when set): the embedded store, the raw archive, operator alerts,
 * each emitted batch as JSON in emitted/, and whatever the attached delivery consumers write (outbox/).
 */
import { createHmac } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main as cli } from '../bin/sanctions-notifier';
import { describeOutcome } from '../functions/cli/common';
import type { ListSource } from '../functions/core/source';
import { feedDemo } from '../functions/feeds/demo-steps';
import { type PollOutcome, pollSource } from '../functions/pipeline/poll';
import { openLocalApp, resolveDataDir } from '../functions/runtime/local';
import { listSource } from '../functions/sources/index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = resolve(import.meta.dirname, '..');
/** Always a `demo` folder inside the data dir (removed first), never the data dir itself. */
const DATA_DIR = join(resolveDataDir(undefined), 'demo');
const OFAC = 'us-ofac-sdn-csv';
const UN = 'un-sc-consolidated';
/** Demo only: the demo lists hold a handful of entries, far below the real lists' plausible sizes. */
const DEMO_BOUNDS = { min: 3, max: 100 };

const demoSource = (id: string): ListSource => {
  const real = listSource(id);
  return { definition: { ...real.definition, recordBounds: DEMO_BOUNDS }, parse: real.parse };
};
const file = (...parts: string[]) => pathToFileURL(join(ROOT, 'demo', ...parts)).toString();

/** The list publications replayed, in order, each with the outcome the pipeline must give. */
const STEPS: [title: string, source: string, url: string, expected: PollOutcome['kind']][] = [
  [
    'OFAC SDN (CSV + add.csv + alt.csv), first publication: a baseline, stored but not alerted',
    OFAC,
    file(OFAC, '1-baseline', 'sdn.csv'),
    'baseline',
  ],
  ['UN consolidated list, first publication: a baseline as well', UN, file(UN, '1-baseline.xml'), 'baseline'],
  [
    'OFAC: two designations (a crude oil tanker, a bank), a program and an alias added to one entry (material), a name re-cased on another (cosmetic)',
    OFAC,
    file(OFAC, '2-update', 'sdn.csv'),
    'changed',
  ],
  [
    'UN: a new entity designated, an alias added to an individual',
    UN,
    file(UN, '2-designation.xml'),
    'changed',
  ],
  ['OFAC: one entity delisted', OFAC, file(OFAC, '3-delisting', 'sdn.csv'), 'changed'],
  [
    'OFAC re-publishes the very same files: unchanged, no batch',
    OFAC,
    file(OFAC, '3-delisting', 'sdn.csv'),
    'unchanged',
  ],
  [
    'UN regenerates the list (new dateGenerated, pretty-printed): a new file, but no entry changed',
    UN,
    file(UN, '3-regenerated.xml'),
    'no-changes',
  ],
  [
    'OFAC: a truncated download (cut inside the third row)',
    OFAC,
    file(OFAC, '4-truncated', 'sdn.csv'),
    'quarantined',
  ],
  ['UN: a truncated XML file', UN, file(UN, '4-truncated.xml'), 'quarantined'],
];

const say = (text = '') => process.stdout.write(`${text}\n`);

/** A loopback receiver standing in for a subscriber's endpoint; checks Standard Webhooks signatures when given a secret. */
interface DemoReceiver {
  url: string;
  received: number;
  verified: number;
  secret?: string;
  server: Server;
}

async function startReceiver(path: string): Promise<DemoReceiver> {
  const receiver = { received: 0, verified: 0 } as DemoReceiver;
  receiver.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received++;
      const body = Buffer.concat(chunks).toString('utf8');
      const [id, ts, sig] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) =>
        String(req.headers[h] ?? ''),
      );
      if (receiver.secret && id && ts) {
        const key = Buffer.from(receiver.secret.replace(/^whsec_/, ''), 'base64');
        const expected = `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
        if ((sig ?? '').split(' ').includes(expected)) receiver.verified++;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.server.listen(0, '127.0.0.1', () => r()));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}${path}`;
  return receiver;
}

/** Runs a CLI command in-process, exactly as `npm run -s cli -- …` would; returns its stdout lines. */
async function command(args: string[]): Promise<string[]> {
  const out: string[] = [];
  say(`   npm run -s cli -- ${args.join(' ').replace(DATA_DIR, '<demo data dir>')}`);
  const code = await cli([...args, '--data-dir', DATA_DIR], { out: (l) => out.push(l), err: () => {} });
  if (code !== 0) throw new Error(`demo: '${args.join(' ')}' exited ${code}`);
  return out;
}

async function main(): Promise<number> {
  const started = performance.now();
  await rm(DATA_DIR, { recursive: true, force: true });
  say(`sanctions-notifier demo — fresh data dir ${DATA_DIR}`);
  say(
    `Demo only: record bounds of ${OFAC} and ${UN} lowered to ${DEMO_BOUNDS.min}..${DEMO_BOUNDS.max} ` +
      '(the real lists hold thousands of entries; these hand-made ones hold a few). Every other guard is the real one.',
  );

  // Subscribers first (the CLI opens the embedded store itself; the demo's runtime opens it after).
  // Their webhook and Slack endpoints are receivers on 127.0.0.1, which the SSRF guard refuses unless
  // ALLOW_PRIVATE_WEBHOOK_TARGETS=true: set here for this demo process only, never in production.
  process.env.ALLOW_PRIVATE_WEBHOOK_TARGETS = 'true';
  const webhook = await startReceiver('/sanctions-hook');
  const slack = await startReceiver('/services/T000/B000/demo');
  say();
  say('0. Subscribers: a compliance desk by email (everything), a webhook integration (oil, gas, shipping,');
  say(
    '   financial services), a Slack channel (OFAC only). Webhook and Slack endpoints are local receivers.',
  );
  await command(['subscribers', 'add', '--email', 'compliance-desk@example.com']);
  const hook = await command([
    'subscribers',
    'add',
    '--webhook',
    webhook.url,
    '--sectors',
    'oil,gas,shipping,financial-services',
  ]);
  webhook.secret = hook.find((l) => l.startsWith('whsec_'));
  say(`   → webhook signing secret shown once: ${webhook.secret ? 'whsec_…' : 'MISSING'}`);
  await command(['subscribers', 'add', '--slack', slack.url, '--sources', `${OFAC},us-ofac-recent-actions`]);

  const alerts: string[] = [];
  const runtime = await openLocalApp({
    dataDir: DATA_DIR,
    onOperatorAlert: (a) => alerts.push(a.message),
  });
  const emitted: string[] = [];
  const emittedDir = join(DATA_DIR, 'emitted');
  runtime.onBatch(async (batch) => {
    await mkdir(emittedDir, { recursive: true });
    await writeFile(
      join(emittedDir, `${batch.source}-${batch.publication.sha256.slice(0, 12)}.json`),
      `${JSON.stringify(batch, null, 2)}\n`,
    );
    if (!emitted.includes(batch.id)) emitted.push(batch.id);
  });
  const deps = runtime.pollDeps({ source: demoSource });
  const feeds = feedDemo(runtime, deps, ROOT, say);
  let step = 0;
  const poll = async (title: string, id: string, url: string): Promise<PollOutcome> => {
    say();
    say(`${++step}. ${title}`);
    say(`   poll --source ${id} --url ${url.replace(pathToFileURL(ROOT).toString(), '.')}`);
    const before = alerts.length;
    const outcome = await pollSource(deps, id, { url });
    for (const line of describeOutcome(outcome)) say(`   → ${line}`);
    if (outcome.kind === 'changed') {
      for (const c of await runtime.store.batches.loadChanges(outcome.batch)) {
        const sectors = c.sectors.map((s) => s.sector).join(', ') || 'no sector evidence';
        const fields = c.fields.map((f) => `${f.field}${f.material ? '' : ' (cosmetic)'}`).join(', ');
        say(
          `      ${c.kind.padEnd(8)} ${c.id} ${c.name} [${c.entityType}] — ${sectors}${fields ? `; fields: ${fields}` : ''}`,
        );
      }
    }
    for (const message of alerts.slice(before)) say(`   ! operator alert: ${message}`);
    return outcome;
  };

  const mismatches: string[] = [];
  try {
    await feeds.announce();
    for (const [title, id, url, expected] of STEPS) {
      const kind = (await poll(title, id, url)).kind;
      if (kind !== expected) mismatches.push(`step '${title}': ${kind}, expected ${expected}`);
    }

    await feeds.confirm();
    say();
    say('History (npm run -s cli -- history --data-dir .sanctions-notifier/demo):');
    for (const id of [OFAC, UN]) {
      for (const b of await runtime.store.batches.list(id)) {
        say(
          `   ${b.source}  ${b.status.padEnd(8)}  +${b.summary.added} −${b.summary.removed} ~${b.summary.amended}  ${b.id.slice(0, id.length + 13)}`,
        );
      }
    }
    const held = await runtime.store.quarantine.list({ status: 'held' });
    say(
      `Quarantine (quarantine list): ${held.map((q) => `${q.id.slice(0, q.source.length + 13)} (${q.reason})`).join(', ')}`,
    );
    const snapshot = await runtime.store.snapshots.readIndex(OFAC);
    say(
      `OFAC snapshot after the truncated file: ${snapshot.size} entries (unchanged: the quarantined file was not applied).`,
    );
    say();
    // runtime.json only marks the data dir as open while this process runs; it is removed on close.
    const left = (await readdir(DATA_DIR)).filter((n) => n !== 'runtime.json').sort();
    say(`Left in ${DATA_DIR}: ${left.join(', ')}`);
    say(`Emitted batches (each also written to emitted/): ${emitted.length}`);
    const outbox = (await readdir(runtime.outboxDir).catch(() => [] as string[])).sort();
    const count = (suffix: string) => outbox.filter((f) => f.endsWith(suffix)).length;
    say(
      `Outbox ${runtime.outboxDir}: ${count('.eml')} emails (.eml) with their HTML (${count('.html')} .html), ` +
        `${count('.json')} webhook/Slack payloads (.json)`,
    );
    say(
      `Webhook receiver: ${webhook.received} deliveries, ${webhook.verified} with a valid Standard Webhooks signature; ` +
        `Slack receiver: ${slack.received} messages`,
    );

    const ok =
      mismatches.length === 0 &&
      emitted.filter((id) => !id.startsWith('us-ofac-recent-actions:')).length === 3 &&
      feeds.outcomes.join() === 'baseline,changed,unchanged' &&
      held.length === 2 &&
      count('.eml') > 0 &&
      count('.html') === count('.eml') &&
      webhook.received > 0 &&
      webhook.verified === webhook.received &&
      slack.received > 0;
    say(
      ok
        ? `demo OK in ${((performance.now() - started) / 1000).toFixed(1)} s`
        : `demo FAILED: ${mismatches.join('; ') || 'outcome checks above'}; ${emitted.length} batches emitted`,
    );
    return ok ? 0 : 1;
  } finally {
    await runtime.close();
    for (const r of [webhook, slack]) r.server.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`demo failed: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  },
);
