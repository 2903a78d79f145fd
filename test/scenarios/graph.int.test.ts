/**
 * The entity graph as a subscriber sees it, on real lists: OFSI's ConList of 2025-04-14 and OFAC's
 * sdn.csv of 2024-05-03, polled through the CLI. The OFAC baseline lacks two real rows — STATE
 * CORPORATION ROSTEC and JOINT STOCK COMPANY ULAN-UDE AVIATION PLANT ("Linked To: VERTOLETY
 * ROSSII AO", itself "Linked To: STATE CORPORATION ROSTEC") — and the real file then adds them.
 *
 * A relationship watch on ROSTEC within 2 hops gets both, the plant with its path; within 1 hop and
 * a plain watch get ROSTEC only. ROSTEC's alert says the UK lists it too (same registration number);
 * the plant's says the UK list was checked and does not hold it.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { scenario } from './harness';

const CONLIST = realPath('uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv');
const SDN = ['ofac-sdn-csv', 'daily', 'sdn_2024-05-03_18-43-23Z.csv'] as const;
const ROSTEC = '17260';
const PLANT = '35862';
const KIDMA = '33397';
const PATH =
  'JOINT STOCK COMPANY ULAN-UDE AVIATION PLANT → linked to VERTOLETY ROSSII AO → linked to STATE CORPORATION ROSTEC';

/** The real sdn.csv without the rows of the given ids (CRLF rows; the closing 0x1A stays). */
function without(bytes: Buffer, ids: string[]): Buffer {
  const rows = bytes.toString('latin1').split('\r\n');
  const kept = rows.filter((r) => !ids.some((id) => r.startsWith(`${id},`)));
  expect(kept.length).toBe(rows.length - ids.length);
  return Buffer.from(kept.join('\r\n'), 'latin1');
}

interface Change {
  id: string;
  name: string;
  alsoListed?: { source: string; id: string; match: { by: string; field?: string; value?: string } }[];
  notListedBy?: string[];
  related?: { hops: number; path: string; other: { id: string } }[];
}

describe.skipIf(!HAVE_REALDATA)(
  'entity graph on real lists: cross-list lines and relationship watches',
  () => {
    if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

    it('alerts a relationship watch with the path, and says where else each change is listed', async () => {
      const s = await scenario();
      try {
        expect((await s.poll('gb-ofsi-conlist', CONLIST)).code).toBe(0);
        const before = await s.variant('sdn.csv', without(readReal(...SDN), [ROSTEC, PLANT]));
        expect((await s.poll('us-ofac-sdn-csv', before)).code).toBe(0);

        await s.subscribeAll('--watch', 'ROSTEC', '--related', '--hops', '2');
        for (const [email, ...filters] of [
          ['one-hop@example.com', '--watch', 'ROSTEC', '--related'],
          ['plain@example.com', '--watch', 'ROSTEC'],
        ]) {
          expect((await s.cli('subscribers', 'add', '--email', email!, ...filters)).code).toBe(0);
        }
        const bad = await s.cli(
          'subscribers',
          'add',
          '--email',
          'x@example.com',
          '--watch',
          'ROSTEC',
          '--related',
          '--hops',
          '4',
        );
        expect(bad.code).not.toBe(0);
        expect(bad.err).toMatch(/--hops: must be 1 to 3/);

        const r = await s.poll('us-ofac-sdn-csv', realPath(...SDN));
        expect(r.out).toMatch(/2 added, 0 removed, 0 amended/);
        const d = await s.delivered();

        // Webhook: both changes, the schema's fields filled from the stored index.
        const changes = d.webhooks.flatMap((w) => (w.body as { changes: Change[] }).changes);
        expect(changes.map((c) => c.id).sort()).toEqual([ROSTEC, PLANT]);
        const rostec = changes.find((c) => c.id === ROSTEC)!;
        expect(rostec.alsoListed).toEqual([
          expect.objectContaining({
            source: 'gb-ofsi-conlist',
            match: { by: 'identifier', field: 'registration number', value: '1077799030847' },
          }),
        ]);
        expect(rostec.notListedBy).toEqual([]);
        const plant = changes.find((c) => c.id === PLANT)!;
        expect(plant.notListedBy).toEqual(['gb-ofsi-conlist']);
        expect(plant.related?.find((x) => x.other.id === ROSTEC)).toMatchObject({ hops: 2, path: PATH });

        // Emails: the 2-hop watcher sees the path; the 1-hop and the plain watcher get ROSTEC only.
        const mails = await Promise.all(d.emails.map((raw) => simpleParser(raw)));
        const to = (addr: string) => mails.filter((m) => m.text && JSON.stringify(m.to).includes(addr));
        const [watcher] = to('analyst@example.com');
        expect(watcher!.text).toContain(`Related to your watch: ${PATH}`);
        expect(watcher!.text).toMatch(
          /Also listed by OFSI ConList since 2022-02-24 \(id \d+, matched on registration number 1077799030847\)\./,
        );
        expect(watcher!.text).toContain('Not listed by OFSI ConList.');
        for (const addr of ['one-hop@example.com', 'plain@example.com']) {
          const [mail] = to(addr);
          expect(mail!.text).toContain('STATE CORPORATION ROSTEC');
          expect(mail!.text).not.toContain('ULAN-UDE');
        }

        // `entity`: both listings of ROSTEC, linked by identifier, with OFAC's history (added).
        const entity = await s.cli('entity', 'STATE CORPORATION ROSTEC', '--json');
        expect(entity.code).toBe(0);
        const [first] = JSON.parse(entity.out).entities as {
          listings: { source: string; id: string; match?: { by: string }; history: { kind: string }[] }[];
        }[];
        expect(first!.listings.map((l) => [l.source, l.match?.by ?? null])).toEqual([
          [first!.listings[0]!.source, null],
          [
            first!.listings[0]!.source === 'gb-ofsi-conlist' ? 'us-ofac-sdn-csv' : 'gb-ofsi-conlist',
            'identifier',
          ],
        ]);
        const ofac = first!.listings.find((l) => l.source === 'us-ofac-sdn-csv')!;
        expect(ofac.history.map((h) => h.kind)).toEqual(['added']);
        expect((await s.cli('entity', PLANT)).out).toContain(`related: ${PATH}`);

        // `crosslist`: the plant is listed by OFAC and not by the UK; ROSTEC is listed by both.
        const cross = JSON.parse(
          (await s.cli('crosslist', '--from', 'us-ofac-sdn-csv', '--to', 'gb-ofsi-conlist', '--json')).out,
        );
        const missing = (cross.notListed as { id: string }[]).map((x) => x.id);
        expect(missing).toContain(PLANT);
        expect(missing).not.toContain(ROSTEC);

        // `entities rebuild` from the snapshots writes what the polls wrote.
        const rebuilt = await s.cli('entities', 'rebuild');
        expect(rebuilt.out).toContain('gb-ofsi-conlist: 4688 records written, 0 stale deleted');
        expect(rebuilt.out).toContain('us-ofac-sdn-csv: 14965 records written, 0 stale deleted');

        // Slack: the path in the message.
        expect(JSON.stringify(d.slack)).toContain(`Related to your watch: ${PATH}`);
      } finally {
        await s.close();
      }
    }, 400_000);

    it('alerts a defence subscriber to a company OFAC lists by a bare name, from the UK list that states its sector', async () => {
      // given the UK list, and OFAC's list without KIDMA TECH OJSC (a Belarusian optronics maker OFAC
      // lists with a name, a program and a registration number only; the UK names its defence sector)
      const s = await scenario();
      try {
        expect((await s.poll('gb-ofsi-conlist', CONLIST)).code).toBe(0);
        const before = await s.variant('sdn.csv', without(readReal(...SDN), [KIDMA]));
        expect((await s.poll('us-ofac-sdn-csv', before)).code).toBe(0);
        await s.subscribeAll('--sectors', 'defence');
        expect(
          (
            await s.cli(
              'subscribers',
              'add',
              '--email',
              'strict@example.com',
              '--sectors',
              'defence',
              '--min-strength',
              'name',
            )
          ).code,
        ).toBe(0);
        // when OFAC's real file adds it
        const r = await s.poll('us-ofac-sdn-csv', realPath(...SDN));
        expect(r.out).toMatch(/1 added, 0 removed, 0 amended/);
        const d = await s.delivered();
        // then the webhook carries the tag as cross-list evidence, matched by name and country
        const changes = d.webhooks.flatMap(
          (w) =>
            (
              w.body as {
                changes: (Change & {
                  sectors: {
                    sector: string;
                    strength: string;
                    evidence: { rule: string; matched?: string }[];
                  }[];
                })[];
              }
            ).changes,
        );
        expect(changes.map((c) => [c.id, c.name])).toEqual([[KIDMA, 'KIDMA TECH OJSC']]);
        expect(changes[0]!.sectors.find((t) => t.sector === 'defence')).toMatchObject({
          strength: 'cross-list',
          evidence: [
            { rule: 'cross-list:name', matched: 'name OPEN JOINT STOCK COMPANY KIDMA TECH, country belarus' },
          ],
        });
        // the email says why; a subscriber asking for name evidence or stronger gets nothing
        const mails = await Promise.all(d.emails.map((raw) => simpleParser(raw)));
        const to = (addr: string) => mails.filter((m) => m.text && JSON.stringify(m.to).includes(addr));
        expect(to('analyst@example.com')[0]!.text).toContain(
          'Defence: the same entity on another list “gb-ofsi-conlist 16045 OPEN JOINT STOCK COMPANY KIDMA TECH”, matched on name OPEN JOINT STOCK COMPANY KIDMA TECH, country belarus',
        );
        expect(to('strict@example.com')).toEqual([]);
        expect(JSON.stringify(d.slack)).toContain('KIDMA TECH OJSC');
      } finally {
        await s.close();
      }
    }, 400_000);
  },
);
