/**
 * Deterministic generator of an OFAC `sdn.xml`-shaped file (2024 namespace) for the benchmark.
 *
 *   generateSdnXml({ entries: 15_000, seed: 1 })              // ≈ 29 MB, the size of sdn.xml in 2024
 *   generateSdnXml({ entries: 15_000, seed: 1, changes: 30 }) // the same list with 30 changes
 *
 * With `changes: k` the output is the same list (same seed) with k changes spread evenly over it:
 * a third removed entries, a third amended (an alias added, a program added, an address changed in
 * turn), the rest added entries with new uids. Same arguments, same bytes.
 *
 * CLI: `tsx bench/gen-sdn-xml.ts <out.xml> [--entries N] [--seed S] [--changes K]`
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface GenerateOptions {
  entries: number;
  seed: number;
  changes?: number;
}

const NAMESPACE = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML';
const PROGRAMS = [
  'RUSSIA-EO14024',
  'SDGT',
  'IRAN',
  'CYBER2',
  'SDNTK',
  'UKRAINE-EO13662',
  'IFSR',
  'NPWMD',
  'DPRK3',
];
const COUNTRIES = [
  'Russia',
  'Iran',
  'China',
  'United Arab Emirates',
  'Turkey',
  'Cyprus',
  'Panama',
  'Mexico',
  'Syria',
];
const CITIES = ['Moscow', 'Tehran', 'Hong Kong', 'Dubai', 'Istanbul', 'Limassol', 'Panama City', 'Culiacan'];
const SYLLABLES = [
  'ka',
  'ro',
  'vin',
  'tel',
  'mar',
  'sha',
  'dor',
  'lek',
  'nov',
  'bar',
  'zan',
  'ul',
  'pet',
  'gas',
];
const ORG_TYPES = [
  'Extraction of crude petroleum and natural gas',
  'Other monetary intermediation',
  'Sea and coastal freight water transport',
  'Manufacture of weapons and ammunition',
  'Wholesale of other machinery and equipment',
];
const VESSEL_TYPES = ['Crude Oil Tanker', 'General Cargo', 'Bulk Carrier', 'Container Ship'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: a small seeded PRNG, so that the output depends on the seed alone. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const word = (rand: Rand, n = int(rand, 2, 4)) =>
  Array.from({ length: n }, () => pick(rand, SYLLABLES))
    .join('')
    .toUpperCase();
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Entry {
  uid: number;
  /** 0: alias added, 1: program added, 2: address changed. */
  amend?: number;
}

/** One sdnEntry, its content drawn from a PRNG seeded by (seed, uid) so entries are stable. */
function entryXml(seed: number, uid: number, amend: number | undefined): string {
  const rand = prng(seed * 1_000_003 + uid);
  const kind = rand();
  const sdnType = kind < 0.45 ? 'Individual' : kind < 0.9 ? 'Entity' : kind < 0.97 ? 'Vessel' : 'Aircraft';
  let sub = uid * 100;
  const tag = (name: string, value: string, indent: string) => `${indent}<${name}>${esc(value)}</${name}>\n`;
  const out: string[] = ['  <sdnEntry>\n', tag('uid', String(uid), '    ')];
  const last = word(rand);
  if (sdnType === 'Individual') out.push(tag('firstName', word(rand).toLowerCase(), '    '));
  out.push(tag('lastName', sdnType === 'Individual' ? last : `${last} ${word(rand)} LLC`, '    '));
  out.push(tag('sdnType', sdnType, '    '));
  const programs = new Set([pick(rand, PROGRAMS), ...(rand() < 0.3 ? [pick(rand, PROGRAMS)] : [])]);
  if (amend === 1) programs.add('AMENDED-PROGRAM');
  out.push(
    '    <programList>\n',
    ...[...programs].map((p) => tag('program', p, '      ')),
    '    </programList>\n',
  );

  const ids: [string, string, string?][] = [];
  if (sdnType === 'Individual') {
    ids.push(
      ['Passport', String(int(rand, 1e6, 9e6)), pick(rand, COUNTRIES)],
      ['Gender', pick(rand, ['Male', 'Female'])],
    );
  } else if (sdnType === 'Entity') {
    ids.push(
      ['Organization Type:', pick(rand, ORG_TYPES)],
      ['Tax ID No.', String(int(rand, 1e9, 9e9)), pick(rand, COUNTRIES)],
      ['Secondary sanctions risk:', 'See Section 11 of Executive Order 14024.'],
    );
    if (rand() < 0.2) ids.push(['SWIFT/BIC', `${last.slice(0, 4).padEnd(4, 'X')}RUMM`]);
    if (rand() < 0.3) ids.push(['Website', `www.${last.toLowerCase()}.example`]);
  } else if (sdnType === 'Vessel') {
    ids.push(
      ['Vessel Registration Identification', `IMO ${int(rand, 9e6, 9.9e6)}`],
      ['MMSI', String(int(rand, 2e8, 6e8))],
    );
  } else {
    ids.push(
      ['Aircraft Model', 'Ilyushin IL-76TD'],
      ["Aircraft Manufacturer's Serial Number (MSN)", String(int(rand, 1e9, 2e9))],
    );
  }
  out.push('    <idList>\n');
  for (const [type, number, country] of ids) {
    out.push('      <id>\n', tag('uid', String(sub++), '        '), tag('idType', type, '        '));
    out.push(
      tag('idNumber', number, '        '),
      ...(country ? [tag('idCountry', country, '        ')] : []),
    );
    out.push('      </id>\n');
  }
  out.push('    </idList>\n');

  const akas = int(rand, 1, 5) + (amend === 0 ? 1 : 0);
  out.push('    <akaList>\n');
  for (let i = 0; i < akas; i++) {
    out.push(
      '      <aka>\n',
      tag('uid', String(sub++), '        '),
      tag('type', rand() < 0.8 ? 'a.k.a.' : 'f.k.a.', '        '),
    );
    out.push(
      tag('category', rand() < 0.8 ? 'strong' : 'weak', '        '),
      tag('lastName', `${word(rand)} ${word(rand)}`, '        '),
    );
    out.push('      </aka>\n');
  }
  out.push('    </akaList>\n');

  out.push('    <addressList>\n');
  for (let i = int(rand, 1, 3); i > 0; i--) {
    const street = amend === 2 && i === 1 ? 'Amended Street 1' : `${int(rand, 1, 200)} ${word(rand)} Street`;
    out.push('      <address>\n', tag('uid', String(sub++), '        '), tag('address1', street, '        '));
    out.push(
      tag('city', pick(rand, CITIES), '        '),
      tag('postalCode', String(int(rand, 10000, 99999)), '        '),
    );
    out.push(tag('country', pick(rand, COUNTRIES), '        '), '      </address>\n');
  }
  out.push('    </addressList>\n');

  if (sdnType === 'Individual') {
    const date = `${String(int(rand, 1, 28)).padStart(2, '0')} ${pick(rand, MONTHS)} ${int(rand, 1940, 1995)}`;
    out.push('    <nationalityList>\n      <nationality>\n', tag('uid', String(sub++), '        '));
    out.push(tag('country', pick(rand, COUNTRIES), '        '), tag('mainEntry', 'true', '        '));
    out.push('      </nationality>\n    </nationalityList>\n');
    out.push('    <dateOfBirthList>\n      <dateOfBirthItem>\n', tag('uid', String(sub++), '        '));
    out.push(tag('dateOfBirth', date, '        '), tag('mainEntry', 'true', '        '));
    out.push('      </dateOfBirthItem>\n    </dateOfBirthList>\n');
    out.push('    <placeOfBirthList>\n      <placeOfBirthItem>\n', tag('uid', String(sub++), '        '));
    out.push(tag('placeOfBirth', `${pick(rand, CITIES)}, ${pick(rand, COUNTRIES)}`, '        '));
    out.push(tag('mainEntry', 'true', '        '), '      </placeOfBirthItem>\n    </placeOfBirthList>\n');
  }
  if (sdnType === 'Vessel') {
    out.push('    <vesselInfo>\n', tag('callSign', `${word(rand, 1)}${int(rand, 100, 999)}`, '      '));
    out.push(
      tag('vesselType', pick(rand, VESSEL_TYPES), '      '),
      tag('vesselFlag', pick(rand, COUNTRIES), '      '),
    );
    out.push(
      tag('vesselOwner', `${word(rand)} SHIPPING CO LTD`, '      '),
      tag('tonnage', String(int(rand, 1e3, 3e5)), '      '),
    );
    out.push(tag('grossRegisteredTonnage', String(int(rand, 1e3, 2e5)), '      '), '    </vesselInfo>\n');
  }
  if (rand() < 0.6) out.push(tag('remarks', `(Linked To: ${word(rand)} ${word(rand)} LLC)`, '    '));
  out.push('  </sdnEntry>\n');
  return out.join('');
}

/** The generated document; see the module comment. */
export function generateSdnXml({ entries, seed, changes = 0 }: GenerateOptions): string {
  const list: Entry[] = [];
  const step = changes > 0 ? Math.max(1, Math.floor(entries / changes)) : 0;
  const removed = Math.floor(changes / 3);
  const amended = Math.floor(changes / 3);
  const added = changes - removed - amended;
  for (let i = 0; i < entries; i++) {
    const uid = 10_000 + i * 7;
    const k = step ? i / step : -1;
    const change = Number.isInteger(k) && k < removed + amended ? k : -1;
    if (change >= 0 && change < removed) continue; // removed
    const amend = change >= removed ? (change - removed) % 3 : undefined;
    list.push({ uid, ...(amend !== undefined ? { amend } : {}) });
  }
  for (let i = 0; i < added; i++) list.push({ uid: 10_000 + entries * 7 + i * 7 + 3 });
  const body = list.map((e) => entryXml(seed, e.uid, e.amend));
  return [
    '<?xml version="1.0" standalone="yes"?>\n',
    `<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NAMESPACE}">\n`,
    '  <publshInformation>\n',
    `    <Publish_Date>${changes ? '05/04/2024' : '05/03/2024'}</Publish_Date>\n`,
    `    <Record_Count>${list.length}</Record_Count>\n`,
    '  </publshInformation>\n',
    ...body,
    '</sdnList>\n',
  ].join('');
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: {
      entries: { type: 'string', default: '15000' },
      seed: { type: 'string', default: '1' },
      changes: { type: 'string' },
    },
    allowPositionals: true,
  });
  const out = positionals[0];
  if (!out) {
    console.error('usage: tsx bench/gen-sdn-xml.ts <out.xml> [--entries N] [--seed S] [--changes K]');
    process.exit(2);
  }
  const xml = generateSdnXml({
    entries: Number(values.entries),
    seed: Number(values.seed),
    ...(values.changes ? { changes: Number(values.changes) } : {}),
  });
  writeFileSync(out, xml);
  console.log(`${out}: ${Buffer.byteLength(xml)} bytes`);
}
