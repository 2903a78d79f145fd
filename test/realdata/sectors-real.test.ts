import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sector } from '../../functions/core/changes';
import type { Designation } from '../../functions/core/model';
import { tagSectors } from '../../functions/core/sectors';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';

interface Labelled {
  source: string;
  file: string;
  id: string;
  name: string;
  entityType: 'entity' | 'vessel';
  sectors: Sector[];
  note?: string;
}

function readSample(file: string): Labelled[] {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/sectors', file), 'utf8')).entries;
}

/**
 * Two hand-labelled samples of real designations: `labelled.json` (the tuning sample: rules were
 * reviewed against it) and `heldout.json` (labelled and committed before the activity rules were
 * written; one further round of general rules was made after its misses were seen — see
 * docs/sectors.md). These labels follow the records' text, so they cannot see what an entity
 * really is: the yardstick is test/fixtures/sectors/world-labels.json (`npm run eval:sectors`).
 * Here they are a regression floor only. Since the name lexicon (issue 12) tags what the records'
 * words do not say (e.g. a "…NEFT…" company as oil), precision against these text labels fell from
 * 0.97 to 0.809 while precision against the world labels rose (0.770 → 0.841 on the report half);
 * recall stays ≥ 0.90 (0.925). The third round (2026-11-30) adds three tags these text labels lack
 * and world knowledge gives — GosNIIAS and DAMA (Iran's drone-engine maker) `defence`, Obninsk
 * "Technologiya" `technology` — drops one they have wrong (MODLEX as transport), and reads
 * petrochemical companies as `chemicals` only where these labels also say `oil`: 0.797 here, while
 * the second draw's precision is 0.896. The precision floor was lowered from 0.80 to 0.79 for that.
 * The fifth round (2026-11-30) reads OFAC's NPWMD program (proliferators of weapons of mass
 * destruction and their means of delivery) as `defence` where nothing else says what an entry does:
 * one more right here (ARMY SUPPLY BUREAU), three tags these text labels lack (GRANPECT, which the
 * world labels call `defence`; STEP A.S.; NEOBIT): 0.782 (was 0.793). On the world labels' report
 * sets the round moved precision 0.874 → 0.880 (sixth draw), 0.864 → 0.865 (fifth), 0.890 → 0.869
 * (second). The floor was lowered to 0.78 for that. The sixth round reads OFAC's vessel type
 * "Fishing Vessel" as `agriculture` (fishing, NACE A 03), which these text labels never give a fishing
 * vessel (the FU YUAN YU vessels already count against the tagger here; LONG XING 601 now does too):
 * 0.778. The floor was lowered to 0.77 for that. The seventh round reads the names of known
 * defence-industry enterprises (ENTERPRISE_NAMES, written from world knowledge), which adds eight
 * tags these text labels lack and the world gives (and drops one: Obninsk's `technology`): `defence`
 * to Iran's FAJR INDUSTRIAL GROUP, Fajr Aviation Composite Industries and Iran Marine Industrial
 * (SADRA, the IRGC's warship yard), AVIC Jonhon Optronic, Obninsk "Technologiya" and Polyus
 * (military lasers), `technology` to GosNIIAS and Polyus: 0.750, while the pooled clean world-label report sets keep 0.877. The round's further name lists
 * move four more: `defence` for INTERNATIONAL GATEWAYS GROUP (a Myanmar arms broker) and for an EU-listed
 * security-equipment company, BASIJ COOPERATIVE FOUNDATION `financial-services` (the Basij's investment
 * arm) where it had `other`, and NEOBIT `technology` (an IT-security house) where OFAC's NPWMD fallback
 * gave `defence`: 0.743, the pooled clean report sets 0.883. The eighth round reads a holding vehicle
 * (HOLDING(S) in the name, OFAC's "Activities of holding companies") as `financial-services` where
 * nothing else says what it does — NACE 64.20 is in section K, and the world labels' conventions
 * count holding vehicles as financial services, while these text labels give a holding nothing:
 * three more tags they lack (RG HOLDINGS LTD, SINO HOLDINGS GROUP, STANEX GROUP, a holding by its
 * alias): 0.733. The round's third list of defence-industry names reads SAHAND ALUMINUM PARTS
 * INDUSTRIAL COMPANY (SAPICO, a UN-listed maker of parts for Iran's Defence Industries
 * Organisation) as `defence`, which these labels lack: 0.729. The ninth round reads PROPULSION as
 * `aviation`, and so FARZANEGAN PROPULSION SYSTEMS DESIGN BUREAU (an Iranian missile and aircraft
 * engine design bureau; `aviation` and `defence` in the world labels), which these labels lack:
 * 0.726. The floor is 0.72 for those, and for nothing else; the recall floor is unchanged. Each
 * sample's figures are printed.
 */
const SAMPLES: { name: string; entries: Labelled[] }[] = [
  { name: 'labelled (tuning)', entries: readSample('labelled.json') },
  { name: 'heldout', entries: readSample('heldout.json') },
];
const ALL = SAMPLES.flatMap((s) => s.entries);

/** Parses each real file named by either sample once, with the registered parser; any parse error fails the test. */
function parseLabelledFiles(): Map<string, Designation> {
  const entries = new Map<string, Designation>();
  const files = new Map<string, string>();
  for (const l of ALL) files.set(`${l.source}|${l.file}`, l.source);
  for (const [key, source] of files) {
    const file = key.slice(source.length + 1);
    const parsed = listSource(source).parse(new Uint8Array(readReal(file)), { enforceBounds: false }).entries;
    for (const d of parsed) entries.set(`${source}|${file}|${d.id}`, d);
  }
  return entries;
}

interface Score {
  evaluated: number;
  tp: number;
  fp: number;
  fn: number;
  misses: string[];
  notFound: string[];
}

function score(sample: Labelled[], entries: Map<string, Designation>): Score {
  const s: Score = { evaluated: 0, tp: 0, fp: 0, fn: 0, misses: [], notFound: [] };
  for (const l of sample) {
    const d = entries.get(`${l.source}|${l.file}|${l.id}`);
    if (!d) {
      s.notFound.push(`${l.source} ${l.id} ${l.name}: not found in ${l.file}`);
      continue;
    }
    expect(d.name).toBe(l.name);
    s.evaluated++;
    const got = new Set(tagSectors(d).map((t) => t.sector));
    const want = new Set(l.sectors);
    for (const x of got) if (want.has(x)) s.tp++;
    const extra = [...got].filter((x) => !want.has(x));
    const missing = [...want].filter((x) => !got.has(x));
    s.fp += extra.length;
    s.fn += missing.length;
    if (extra.length || missing.length) {
      s.misses.push(
        `${l.source} ${l.id} ${l.name}: extra [${extra.join(', ')}] missing [${missing.join(', ')}]`,
      );
    }
  }
  return s;
}

const precision = (s: Score) => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
const recall = (s: Score) => (s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn));
const line = (name: string, s: Score) =>
  `${name}: ${s.evaluated} evaluated; tp ${s.tp} fp ${s.fp} fn ${s.fn}; ` +
  `precision ${precision(s).toFixed(3)} recall ${recall(s).toFixed(3)}`;

if (!HAVE_REALDATA) console.warn(`sectors-real skipped: ${REALDATA_SKIP_MESSAGE}`);

describe.skipIf(!HAVE_REALDATA)('sector tagging on hand-labelled samples of real designations', () => {
  it('keeps precision ≥ 0.72 and recall ≥ 0.90 on the text-derived labels (union of both samples; regression floor)', {
    timeout: 120_000,
  }, () => {
    // given: both labelled samples and the real publications, each parsed once by the registered parsers
    const entries = parseLabelledFiles();

    // when: each labelled entry is tagged from its own fields, scored per sample and on the union
    const perSample = SAMPLES.map((sample) => ({
      name: sample.name,
      score: score(sample.entries, entries),
    }));
    const union: Score = {
      evaluated: 0,
      tp: 0,
      fp: 0,
      fn: 0,
      misses: [],
      notFound: [],
    };
    for (const { score: s } of perSample) {
      union.evaluated += s.evaluated;
      union.tp += s.tp;
      union.fp += s.fp;
      union.fn += s.fn;
      union.notFound.push(...s.notFound);
    }
    console.info(
      [
        ...perSample.map(
          ({ name, score: s }) => `${line(`sectors-real ${name}`, s)}\n  ${s.misses.join('\n  ')}`,
        ),
        line('sectors-real union', union),
      ].join('\n'),
    );

    // then: every labelled entry was found and the regression floor holds on the union
    expect(union.notFound).toEqual([]);
    expect(union.evaluated).toBe(ALL.length);
    expect(precision(union)).toBeGreaterThanOrEqual(0.72);
    expect(recall(union)).toBeGreaterThanOrEqual(0.9);
  });
});
