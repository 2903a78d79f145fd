import { SourceError } from '../core/errors';
import type { SourceDefinition } from '../core/source';
import * as euCouncilSanctions from './eu-council-sanctions';
import * as gbOfsiNotices from './gb-ofsi-notices';
import type { FeedSource } from './types';
import * as unScPress from './un-sc-press';
import * as usOfacRecentActions from './us-ofac-recent-actions';

/** Every notice feed, keyed by id. One module per feed in this folder. */
export const FEED_SOURCES: Readonly<Record<string, FeedSource>> = Object.fromEntries(
  [gbOfsiNotices, usOfacRecentActions, euCouncilSanctions, unScPress].map((m) => [
    m.definition.id,
    { definition: m.definition, parse: m.parse },
  ]),
);

export function isFeedSource(id: string): boolean {
  return Object.hasOwn(FEED_SOURCES, id);
}

export function feedSource(id: string): FeedSource {
  const source = FEED_SOURCES[id];
  if (!source) {
    throw new SourceError(id, `unknown feed; known feeds: ${Object.keys(FEED_SOURCES).join(', ')}`);
  }
  return source;
}

export function feedDefinitions(): SourceDefinition[] {
  return Object.values(FEED_SOURCES).map((s) => s.definition);
}
