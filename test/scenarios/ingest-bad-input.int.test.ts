/**
 * Broken variants of real publications, made here at test time, through `poll` with an email, a
 * webhook and a Slack subscriber after a real baseline: each is held (exit status 1, one line
 * naming the source and the reason), nobody receives anything, and the good file again is
 * "unchanged" (the snapshot is intact). Then a format that grows: a UN file with an element the
 * parser does not know flows through, nobody is alerted about it, the operator is told once.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { deliveryCounts, type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const OFAC = 'us-ofac-sdn-csv';
const UN = 'un-sc-consolidated';
const COMPANIONS = ['add.csv', 'alt.csv', 'sdn_comments.csv'] as const;
type SetFile = 'sdn.csv' | (typeof COMPANIONS)[number];

/** `bytes` cut just after the last line feed before `fraction` of its length. */
function cutAtLineEnd(bytes: Uint8Array, fraction: number): Buffer {
  const buf = Buffer.from(bytes);
  return buf.subarray(0, buf.lastIndexOf(10, Math.floor(buf.length * fraction)) + 1);
}

const withoutSub = (b: Uint8Array) => Buffer.from(b).subarray(0, b.at(-1) === 0x1a ? -1 : undefined);

describe.skipIf(!HAVE_REALDATA)('ingest: broken publications are held', { timeout: 180_000 }, () => {
  let s: Scenario;
  const real = (name: SetFile) => readReal('ofac-sdn-csv', '2021-07', name);

  /** Writes an OFAC CSV set into its own folder (the real 2021-07 files, some replaced); returns sdn.csv's path. */
  async function ofacSet(name: string, replace: Partial<Record<SetFile, Uint8Array>> = {}): Promise<string> {
    await mkdir(join(s.tmp, name), { recursive: true });
    for (const file of COMPANIONS) await s.variant(`${name}/${file}`, replace[file] ?? real(file));
    return s.variant(`${name}/sdn.csv`, replace['sdn.csv'] ?? real('sdn.csv'));
  }

  let goodOfac: string;
  const goodUn = () => realPath('un-consolidated', '2018-06-21.xml');

  beforeAll(async () => {
    s = await scenario();
    await s.subscribeAll();
    goodOfac = await ofacSet('good');
    for (const [source, path] of [
      [OFAC, goodOfac],
      [UN, goodUn()],
    ] as const) {
      const baseline = await s.poll(source, path);
      expect(baseline.code, baseline.err).toBe(0);
      expect(baseline.out).toMatch(/baseline stored/);
    }
  }, 180_000);
  afterAll(async () => s?.close());

  /** Polls `path`: held with one line matching `reason`, nothing delivered, the good file again unchanged. */
  async function expectHeld(source: string, path: string, reason: RegExp, good: string): Promise<void> {
    const r = await s.poll(source, path);
    expect(r.code, r.out).toBe(1);
    const lines = r.out.split('\n').filter((l) => l.startsWith(`${source}: QUARANTINED`));
    expect(lines, r.out).toHaveLength(1);
    expect(lines[0]).toMatch(reason);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the reason line must be printable
    expect(r.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(await deliveryCounts(s)).toEqual({ emails: 0, webhooks: 0, slack: 0 });
    const again = await s.poll(source, good);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(new RegExp(`^${source}: unchanged`, 'm'));
  }

  const noSub = /sdn\.csv: the file does not end with the end-of-file byte \(0x1A\).*incomplete/;

  it.each([0.9, 0.95])('held: sdn.csv cut at %s at a line end without its 0x1A', async (fraction) => {
    const path = await ofacSet(`cut-${fraction}`, { 'sdn.csv': cutAtLineEnd(real('sdn.csv'), fraction) });
    await expectHeld(OFAC, path, noSub, goodOfac);
  });

  it.each(['add.csv', 'alt.csv'] as const)('held: companion %s without its 0x1A', async (file) => {
    const path = await ofacSet(`nosub-${file}`, { [file]: withoutSub(real(file)) });
    await expectHeld(
      OFAC,
      path,
      new RegExp(`${file.replace('.', '\\.')}: the file does not end with the end-of-file byte`),
      goodOfac,
    );
  });

  it('held: companion add.csv cut in half at a line end (its 0x1A gone with the rest)', async () => {
    const path = await ofacSet('half-add', { 'add.csv': cutAtLineEnd(real('add.csv'), 0.5) });
    await expectHeld(OFAC, path, /add\.csv: the file does not end with the end-of-file byte/, goodOfac);
  });

  it('held: 4 KiB of NUL bytes mid sdn.csv', async () => {
    const sdn = real('sdn.csv');
    const at = sdn.indexOf(10, Math.floor(sdn.length / 2)) + 1;
    const bad = Buffer.concat([sdn.subarray(0, at), new Uint8Array(4096), sdn.subarray(at)]);
    const path = await ofacSet('nul', { 'sdn.csv': bad });
    await expectHeld(
      OFAC,
      path,
      /: control byte 0x00 at line \d+ \(byte \d+\): the file is corrupted$/,
      goodOfac,
    );
  });

  it('held: a 1 MB name in sdn.csv', async () => {
    const text = real('sdn.csv').toString('latin1');
    const bad = Buffer.from(text.replace('"AEROCARIBBEAN AIRLINES"', `"${'A'.repeat(1 << 20)}"`), 'latin1');
    const path = await ofacSet('big-name', { 'sdn.csv': bad });
    await expectHeld(
      OFAC,
      path,
      /us-ofac-sdn-csv: record 36: name is 10\d{5} characters, above the cap of 16384 per field/,
      goodOfac,
    );
  });

  it('held: a Latin-1 UN file (declaring UTF-8)', async () => {
    const text = readReal('un-consolidated', '2018-06-21.xml').toString('utf8');
    const path = await s.variant('un-latin1.xml', Buffer.from(text, 'latin1'));
    await expectHeld(
      UN,
      path,
      /un-sc-consolidated: the bytes are not valid UTF-8 at line \d+ \(byte \d+\)/,
      goodUn(),
    );
  });
});

describe.skipIf(!HAVE_REALDATA)('ingest: a UN element the parser does not know', { timeout: 180_000 }, () => {
  let s: Scenario | undefined;
  afterAll(async () => s?.close());

  it('flows through unalerted, the operator is told once, conformance reports it', async () => {
    s = await scenario();
    await s.subscribeAll();
    const base = realPath('un-consolidated', '2018-06-21.xml');
    expect((await s.poll(UN, base)).code).toBe(0);

    const text = (await readFile(base)).toString('utf8');
    const ids = [...text.matchAll(/<INDIVIDUAL><DATAID>(\d+)<\/DATAID>/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(2);
    const grow = (t: string, id: string, colour: string) =>
      t.replace(`<DATAID>${id}</DATAID>`, `<DATAID>${id}</DATAID><HAIR_COLOUR>${colour}</HAIR_COLOUR>`);
    const first = await s.variant('un-grown-1.xml', grow(text, ids[0]!, 'black'));
    const second = await s.variant('un-grown-2.xml', grow(grow(text, ids[0]!, 'black'), ids[1]!, 'brown'));

    const r1 = await s.poll(UN, first);
    expect(r1.code, r1.out + r1.err).toBe(0);
    expect(r1.out).toMatch(/changed: 0 added, 0 removed, 1 amended \(0 material, 1 cosmetic only\)/);
    const r2 = await s.poll(UN, second);
    expect(r2.code, r2.out + r2.err).toBe(0);
    expect(r2.out).toMatch(/changed: 0 added, 0 removed, 1 amended \(0 material, 1 cosmetic only\)/);
    expect(await deliveryCounts(s)).toEqual({ emails: 0, webhooks: 0, slack: 0 });

    const alerts = (await readFile(join(s.dataDir, 'operator-alerts.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { kind: string; source: string; message: string });
    const unmapped = alerts.filter((a) => a.kind === 'unmapped-field');
    expect(unmapped).toHaveLength(1);
    expect(unmapped[0]!.source).toBe(UN);
    expect(unmapped[0]!.message).toContain(
      `un-sc-consolidated: new element INDIVIDUAL/HAIR_COLOUR that the parser does not map, in 1 entry (e.g. record ${ids[0]}: "black")`,
    );

    const c = await s.cli('conformance', UN, first);
    expect(c.code, c.err).toBe(0);
    expect(c.out.split('\n')).toEqual([
      `un-sc-consolidated: ${first}: 1100 records; 1 unmapped path`,
      `unmapped.INDIVIDUAL/HAIR_COLOUR  1 entry  e.g. record ${ids[0]}: "black"`,
    ]);
    const clean = await s.cli('conformance', UN, base);
    expect(clean.out).toBe(`un-sc-consolidated: ${base}: 1100 records; everything is mapped`);
    const drift = await s.cli(
      'conformance',
      UN,
      await s.variant(
        'un-drift.xml',
        text.replace('<INDIVIDUALS>', '<VESSELS><VESSEL/></VESSELS><INDIVIDUALS>'),
      ),
    );
    expect(drift.code).toBe(1);
    expect(drift.err).toMatch(/un-sc-consolidated: unexpected element <CONSOLIDATED_LIST\/VESSELS>$/);
  });
});
