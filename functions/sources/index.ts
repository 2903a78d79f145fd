import { SourceError } from '../core/errors';
import type { ListSource, SourceDefinition } from '../core/source';
import * as euFsf from './eu-fsf';
import * as gbFcdoSanctions from './gb-fcdo-sanctions';
import * as gbOfsiConlist from './gb-ofsi-conlist';
import * as unScConsolidated from './un-sc-consolidated';
import * as usOfacConsolidated from './us-ofac-consolidated';
import * as usOfacSdn from './us-ofac-sdn';
import * as usOfacSdnCsv from './us-ofac-sdn-csv';

/** Every list source, keyed by id. One module per publication in this folder. */
export const LIST_SOURCES: Readonly<Record<string, ListSource>> = Object.fromEntries(
  [gbFcdoSanctions, gbOfsiConlist, usOfacSdn, usOfacConsolidated, usOfacSdnCsv, euFsf, unScConsolidated].map(
    (m): [string, ListSource] => [
      m.definition.id,
      {
        definition: m.definition,
        parse: m.parse,
        ...('parseEach' in m ? { parseEach: m.parseEach as NonNullable<ListSource['parseEach']> } : {}),
      },
    ],
  ),
);

export function listSource(id: string): ListSource {
  const source = LIST_SOURCES[id];
  if (!source) {
    throw new SourceError(id, `unknown source; known list sources: ${Object.keys(LIST_SOURCES).join(', ')}`);
  }
  return source;
}

/** A source's title for alerts (the id when the source is not a known list). */
export function sourceTitle(sourceId: string): string {
  return Object.hasOwn(LIST_SOURCES, sourceId) ? LIST_SOURCES[sourceId]!.definition.title : sourceId;
}

export function listDefinitions(): SourceDefinition[] {
  return Object.values(LIST_SOURCES).map((s) => s.definition);
}

/**
 * The one rule every runtime (the local `poll` and `run`, the AWS stack's schedules) uses to choose
 * the sources polled when none is named: all of them except archive formats (`polledByDefault:
 * false`: OFAC's sdn.csv duplicates sdn.xml, OFSI's ConList was replaced by the FCDO list), which
 * are polled only when named. Notice feeds are polled by default.
 */
export function isPolledByDefault(definition: SourceDefinition): boolean {
  return definition.polledByDefault !== false;
}
