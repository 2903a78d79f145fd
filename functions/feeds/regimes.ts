/**
 * Regime detection in notice text: reviewed tables of the phrases each publisher uses, mapped to
 * the regime name its own list uses (so that a subscriber's regime filter matches the notice and
 * the later list change alike). Pure.
 */

/** One row: the phrase as a case-insensitive whole-word pattern, and the regime as the list names it. */
export type RegimeRow = readonly [pattern: string, regime: string];

/**
 * The regimes whose phrases occur in `text`, in table order. Rows are tried longest match first and
 * a stretch of text counts for one row only, so `Iran (Nuclear)` does not also count as `Iran`.
 */
export function detectRegimes(table: readonly RegimeRow[], text: string): string[] {
  const taken: [number, number][] = [];
  const found = new Set<string>();
  const hits: { at: number; end: number; regime: string }[] = [];
  for (const [pattern, regime] of table) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'giu');
    for (const m of text.matchAll(re)) hits.push({ at: m.index, end: m.index + m[0].length, regime });
  }
  hits.sort((a, b) => b.end - b.at - (a.end - a.at) || a.at - b.at);
  for (const h of hits) {
    if (taken.some(([s, e]) => h.at < e && s < h.end)) continue;
    taken.push([h.at, h.end]);
    found.add(h.regime);
  }
  const order = new Map(table.map(([, r], i) => [r, i]));
  return [...found].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/**
 * A regime as a notice's title names it, with the program tags its list writes for it: the notice's
 * regimes are the tags, so that a subscriber's program filter and the notice→list reconciliation
 * match the notice and the later list change alike.
 */
export type ProgramRow = readonly [pattern: string, regime: string, tags: readonly string[]];

/**
 * Program tags of the regimes a title names (`Russia-related Designations; Belarus Designations` →
 * `RUSSIA-EO14024`, `BELARUS-EO14038`, `BELARUS`). `exact` are tags the notice states itself (OFAC's
 * bracketed `[SDGT]`): they come first, and a regime already represented by one of them adds no
 * other tag of its family (the stated tag is exact; the family is only what the title implies).
 */
export function programTags(
  table: readonly ProgramRow[],
  title: string,
  exact: readonly string[] = [],
): string[] {
  const regimes = detectRegimes(
    table.map(([pattern, regime]) => [pattern, regime] as const),
    title,
  );
  const out = [...new Set(exact)];
  for (const regime of regimes) {
    const tags = table.find(([, r]) => r === regime)?.[2] ?? [];
    if (tags.some((t) => out.includes(t))) continue;
    for (const t of tags) if (!out.includes(t)) out.push(t);
  }
  return out;
}
