/**
 * Formats grow: when a parsed publication carries values the parser does not map (an element or
 * attribute a publisher added inside a known record, a new CSV column; `meta.unmapped`, kept in
 * each entry as `unmapped.<path>`), the operator is told once per new path, with how many entries
 * carry it and an example, so that someone maps it. Subscribers are not: the diff reports a first
 * appearance as cosmetic (functions/core/diff.ts). The paths already told are remembered in the
 * source state (`knownUnmapped`); a path is told again only if it was never recorded (a crash
 * between the alert and the record tells it twice, never zero times).
 */
import { escapeControls } from '../core/errors';
import type { PublicationMeta } from '../core/model';
import type { PollDeps } from './ports';

/** Longest example quoted in an alert. */
const EXAMPLE_CHARS = 120;

/** One line for the operator about one new unmapped path (the example escaped and shortened). */
export function unmappedMessage(
  source: string,
  path: string,
  info: NonNullable<PublicationMeta['unmapped']>[string],
): string {
  const example =
    info.example.length > EXAMPLE_CHARS ? `${info.example.slice(0, EXAMPLE_CHARS)}…` : info.example;
  return escapeControls(
    `${source}: new element ${path} that the parser does not map, in ${info.count} ${info.count === 1 ? 'entry' : 'entries'} (e.g. record ${info.record}: "${example}"); kept verbatim as field unmapped.${path} (cosmetic on first appearance, subscribers not alerted); map it in functions/sources/${source}.ts`,
  );
}

/** Alerts the operator about each unmapped path of `meta` not told before; returns those paths. */
export async function notifyUnmapped(
  deps: Pick<PollDeps, 'store' | 'alerts' | 'now' | 'log'>,
  source: string,
  meta: PublicationMeta,
): Promise<string[]> {
  const unmapped = meta.unmapped ?? {};
  const paths = Object.keys(unmapped).sort();
  if (paths.length === 0) return [];
  const state = await deps.store.sources.get(source);
  const known = new Set(state.knownUnmapped ?? []);
  const fresh = paths.filter((p) => !known.has(p));
  if (fresh.length === 0) return [];
  const at = deps.now().toISOString();
  for (const path of fresh) {
    const info = unmapped[path]!;
    await deps.alerts.alert({
      kind: 'unmapped-field',
      source,
      message: unmappedMessage(source, path, info),
      at,
    });
    deps.log?.({ level: 'warn', message: 'unmapped element', source, path, entries: info.count });
  }
  await deps.store.sources.record(source, { knownUnmapped: [...known, ...fresh].sort() });
  return fresh;
}
