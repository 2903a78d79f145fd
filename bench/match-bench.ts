/**
 * Matching benchmark (issue 4 §1): 10,000 subscriptions × a 500-change batch through `matchBatch`.
 * Target ≤ 1 s. Subscriptions mix every filter (sources, regimes, sectors, kinds, entity types,
 * countries, watch terms, cosmetic); data is generated from a fixed seed so runs are comparable.
 */

import type { ChangeBatch, ChangeKind, Sector } from '../functions/core/changes';
import { SECTORS } from '../functions/core/changes';
import { ENTITY_TYPES } from '../functions/core/model';
import { matchBatch } from '../functions/dispatch/match';
import type { Subscription, SubscriptionFilters } from '../functions/subscriptions/subscription';
import { prng } from './gen-sdn-xml';

const SUBSCRIPTIONS = 10_000;
const CHANGES = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 1000;

const REGIMES = [
  'RUSSIA-EO14024',
  'UKRAINE-EO13660',
  'IRAN',
  'SDGT',
  'DPRK3',
  'CYBER2',
  'Russia',
  'Belarus',
  'Syria',
  'GLOMAG',
];
const COUNTRIES = [
  'Russia',
  'Iran',
  'Syria',
  'Belarus',
  'China',
  'Türkiye',
  'United Arab Emirates',
  'Côte d’Ivoire',
  'Venezuela',
  'Cyprus',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mir',
  'sev',
  'trans',
  'neft',
  'gaz',
  'ov',
  'ska',
  'ya',
  'bank',
  'ros',
  'al',
  'haj',
  'ün',
  'zé',
];

function makeData(seed = 42): { batch: ChangeBatch; subscriptions: Subscription[] } {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const some = <T>(list: readonly T[], max: number): T[] => [
    ...new Set(Array.from({ length: 1 + Math.floor(rand() * max) }, () => pick(list))),
  ];
  const word = () =>
    Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES))
      .join('')
      .replace(/^./, (c) => c.toUpperCase());
  const names: string[] = [];
  const changes: ChangeBatch['changes'] = Array.from({ length: CHANGES }, (_, i) => {
    const kind: ChangeKind = pick(['added', 'added', 'removed', 'amended', 'amended'] as const);
    const name = `${word()} ${word()} ${word()}`;
    names.push(name);
    const material = kind !== 'amended' || rand() > 0.3;
    return {
      kind,
      id: String(10_000 + i),
      name,
      entityType: pick(ENTITY_TYPES),
      regimes: some(REGIMES, 2),
      sectors: some(SECTORS, 2).map((sector: Sector) => ({
        sector,
        strength: 'stated' as const,
        evidence: [{ field: 'reasons', text: sector, rule: 'bench', strength: 'stated' as const }],
      })),
      fields:
        kind === 'amended'
          ? [
              {
                field: 'aliases',
                before: null,
                after: { name: `${word()} ${word()}`, type: 'aka' },
                material,
              },
            ]
          : [],
      material,
      subject: {
        aliases: [`${word()} ${word()}`, `${word()} ${word()}`],
        nonLatinNames: rand() > 0.7 ? ['Совкомфлот Трейдинг'] : [],
        countries: some(COUNTRIES, 2),
        identifiers: [`IMO ${9_000_000 + i}`, `P${100_000 + i}`],
      },
    };
  });
  const subscriptions: Subscription[] = Array.from({ length: SUBSCRIPTIONS }, (_, i) => {
    const r = rand();
    const filters: SubscriptionFilters = {};
    if (r < 0.15) {
      // everything
    } else if (r < 0.35) filters.sectors = some(SECTORS, 3);
    else if (r < 0.55) {
      filters.regimes = some(REGIMES, 2);
      filters.countries = some(COUNTRIES, 2);
    } else if (r < 0.7) {
      filters.entityTypes = some(ENTITY_TYPES, 2);
      filters.kinds = some(['added', 'removed', 'amended'] as const, 2);
      filters.includeCosmetic = rand() > 0.5;
    } else if (r < 0.8) {
      filters.sources = [pick(['us-ofac-sdn', 'gb-ofsi-conlist', 'un-sc-consolidated'])];
    } else {
      // Watch lists: names that do appear, some that do not, an identifier.
      filters.watch = [
        pick(names).split(' ')[rand() > 0.5 ? 0 : 2]!.toUpperCase(),
        `${word()} ${word()}`,
        String(9_000_000 + Math.floor(rand() * CHANGES * 2)),
      ];
    }
    return {
      id: `sub-${i}`,
      channel: pick(['email', 'webhook', 'slack'] as const),
      target: `s${i}@example.com`,
      filters,
      mode: 'immediate',
      status: rand() > 0.05 ? 'active' : 'unsubscribed',
      createdAt: '2024-01-01T00:00:00Z',
    };
  });
  const batch: ChangeBatch = {
    id: `us-ofac-sdn:${'a'.repeat(64)}`,
    source: 'us-ofac-sdn',
    sourceKind: 'list',
    url: 'https://ofac.treasury.gov/',
    detectedAt: '2024-05-03T10:00:00Z',
    publication: { records: 17_000, sha256: 'a'.repeat(64) },
    summary: { added: 0, removed: 0, amended: 0 },
    changes,
  };
  return { batch, subscriptions };
}

export async function run(): Promise<void> {
  const { batch, subscriptions } = makeData();
  matchBatch(subscriptions.slice(0, 100), batch); // warm-up (JIT)
  const times: number[] = [];
  let alerts = 0;
  let delivered = 0;
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = matchBatch(subscriptions, batch);
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    alerts = result.length;
    delivered = result.reduce((n, a) => n + a.changes.length, 0);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const cpuMedian = cpu[Math.floor(cpu.length / 2)]!;
  const worst = times[times.length - 1]!;
  const verdict = median <= TARGET_MS ? 'OK' : 'OVER TARGET';
  console.log(
    `match: ${SUBSCRIPTIONS.toLocaleString('en')} subscriptions × ${CHANGES} changes: median ${median.toFixed(1)} ms, ` +
      `worst ${worst.toFixed(1)} ms of ${RUNS} runs (target: median ≤ ${TARGET_MS} ms: ${verdict}); ` +
      `CPU median ${cpuMedian.toFixed(1)} ms (wall above CPU means a busy machine); ` +
      `${alerts.toLocaleString('en')} alerts, ${delivered.toLocaleString('en')} change deliveries`,
  );
}

if (process.argv[1] === import.meta.filename) await run();
