/**
 * Notices and output that tells the truth, driven through the CLI as a user would:
 * - an OFAC Recent Actions feed polled as a feed (`poll --source us-ofac-recent-actions --url file://…`):
 *   the prose notice reaches every subscriber with its regimes mapped to program tags and the names
 *   OFAC wrote in capitals, under a short subject;
 * - a real UN publication, then a copy made at test time with one alias added to one entry and a newer
 *   `dateGenerated`: the email subject starts with the short title (`UN SC: …`) and is ≤ 80 characters,
 *   and the email text, Slack, `history` and our Atom feed say `alias added: EXAMPLEV, Petr` — never
 *   raw JSON; the webhook carries the same change as structured data.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const OFAC_FEED = join(import.meta.dirname, '../fixtures/feeds/us-ofac-recent-actions/feed-3-prose.xml');
const KINDS = ['--kinds', 'notice,added,removed,amended'];

const parsedEmails = async (s: Scenario) =>
  Promise.all((await s.delivered()).emails.map((raw) => simpleParser(raw)));

describe('notices and readable output, through the CLI', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('an OFAC prose notice reaches every subscriber with program tags and the names in capitals', async () => {
    s = await scenario();
    await s.subscribeAll(...KINDS);
    // First poll of a feed is its baseline: an earlier state of the feed with only the FAQ item.
    const full = await readFile(OFAC_FEED, 'utf8');
    const earlier = full.replace(/<item>[\s\S]*?<\/item>\s*<item>[\s\S]*?<\/item>/, '');
    expect(earlier).toContain('Frequently Asked Questions');
    expect(earlier).not.toContain('NORD STREAM');
    const base = await s.poll('us-ofac-recent-actions', await s.variant('ofac-earlier.xml', earlier));
    expect(base.code, base.err).toBe(0);
    const poll = await s.poll('us-ofac-recent-actions', OFAC_FEED);
    expect(poll.code, poll.err).toBe(0);

    const emails = await parsedEmails(s);
    expect(emails).toHaveLength(1);
    const subject = emails[0]!.subject ?? '';
    expect(subject.startsWith('OFAC recent actions: 2 notices')).toBe(true);
    expect(Array.from(subject).length).toBeLessThanOrEqual(80);
    const text = emails[0]!.text ?? '';
    for (const expected of ['NORD STREAM 2 AG', 'MATTHIAS WARNIG', 'BELARUS-EO14038', 'RUSSIA-EO14024']) {
      expect(text).toContain(expected);
    }

    const d = await s.delivered();
    expect(d.webhooks).toHaveLength(1);
    const notices = (
      d.webhooks[0]!.body as { notices: { title: string; regimes: string[]; names: string[] }[] }
    ).notices;
    const russia = notices.find((n) => n.title.startsWith('Russia-related'))!;
    expect(russia.regimes).toEqual(['RUSSIA-EO14024', 'BELARUS-EO14038', 'BELARUS']);
    expect(russia.names).toEqual([
      'NORD STREAM 2 AG',
      'MATTHIAS WARNIG',
      'BELARUSKALI OAO',
      'JSC GRODNO AZOT',
      'FORTUNA',
    ]);
    const removals = notices.find((n) => n.title.startsWith('Counter Terrorism'))!;
    expect(removals.names).toEqual(['AL-HAMRA TRADING CO., LTD.', 'SAHIL EXCHANGE']);
    expect(JSON.stringify(notices)).not.toMatch(/"(?:OFAC|U\.S\.|SDN|IRGC|GL 25|E\.O\. 14024)"/);
    expect(d.slack).toHaveLength(1);
    expect(JSON.stringify(d.slack[0])).toContain('Russia-related Designations; Belarus Designations');
  });

  it.skipIf(!HAVE_REALDATA)(
    'a UN amendment (one alias added) reads "alias added: …" in email, Slack, history and our Atom feed',
    async () => {
      s = await scenario();
      await s.subscribeAll(...KINDS);
      const base = await s.poll('un-sc-consolidated', realPath('un-consolidated', '2017-06-30.xml'));
      expect(base.code, base.err).toBe(0);

      // The same publication a day later, with one alias added to entry 6908570 (CHANG CHANG HA).
      const real = readReal('un-consolidated', '2017-06-30.xml').toString('utf8');
      const alias =
        '<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Jang Chang Ha</ALIAS_NAME></INDIVIDUAL_ALIAS>';
      expect(real.split(alias)).toHaveLength(2);
      const amended = real
        .replace(
          alias,
          `${alias}<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>EXAMPLEV, Petr</ALIAS_NAME></INDIVIDUAL_ALIAS>`,
        )
        .replace(
          'dateGenerated="2017-06-30T19:12:08.528-04:00"',
          'dateGenerated="2017-07-01T19:12:08.528-04:00"',
        );
      expect(amended).toContain('2017-07-01T19:12:08');
      const poll = await s.poll('un-sc-consolidated', await s.variant('un-amended.xml', amended));
      expect(poll.code, poll.err).toBe(0);
      expect(poll.out).toMatch(/0 added, 0 removed, 1 amended/);

      const emails = await parsedEmails(s);
      expect(emails).toHaveLength(1);
      const subject = emails[0]!.subject ?? '';
      expect(subject).toMatch(/^UN SC: 1 amended/);
      expect(Array.from(subject).length).toBeLessThanOrEqual(80);
      expect(emails[0]!.text).toContain('alias added: EXAMPLEV, Petr');
      expect(String(emails[0]!.html)).toContain('alias added: EXAMPLEV, Petr');

      const d = await s.delivered();
      expect(JSON.stringify(d.slack)).toContain('alias added: EXAMPLEV, Petr');
      const [hook] = d.webhooks;
      const changes = (
        hook!.body as { changes: { id: string; fields: { field: string; after: unknown }[] }[] }
      ).changes;
      expect(changes.map((c) => c.id)).toEqual(['6908570']);
      expect(JSON.stringify(changes[0]!.fields.find((f) => f.field === 'aliases')?.after)).toContain(
        'EXAMPLEV, Petr',
      );

      const history = await s.cli('history', '--source', 'un-sc-consolidated');
      expect(history.code, history.err).toBe(0);
      expect(history.out).toContain('alias added: EXAMPLEV, Petr');
      expect(history.out).not.toMatch(/\{"name"|"type":/);

      const atom = await readFile(join(s.dataDir, 'feeds', 'source', 'un-sc-consolidated.xml'), 'utf8');
      expect(atom).toContain('alias added: EXAMPLEV, Petr');
      expect(atom).not.toMatch(/\{&quot;name&quot;|\{"name"/);
    },
  );
});
