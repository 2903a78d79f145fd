/** Lambda: poll one source. Event `{ "sourceId": "<id>" }` (one EventBridge schedule per source). */
import { Logger } from '@aws-lambda-powertools/logger';
import { feedDefinitions } from '../feeds/index';
import { awsPollDeps, pollAndSummarise, readPollConfig } from '../pipeline/aws';
import { pollLogEvent, readHealthConfig, sourcesHealth } from '../pipeline/health';
import { isPolledByDefault, listDefinitions } from '../sources/index';

const config = readPollConfig(); // throws at cold start when configuration is missing
const health = readHealthConfig(process.env, {
  schedules: Object.fromEntries(
    [...listDefinitions(), ...feedDefinitions()].filter(isPolledByDefault).map((d) => [d.id, d.schedule]),
  ),
  missedIntervals: 6,
});
const logger = new Logger({ serviceName: 'sanctions-notifier', persistentKeys: { handler: 'poll' } });
const deps = awsPollDeps(config, {
  log: ({ level, message, ...fields }) => logger[level](message, fields),
});
const { store } = deps;

/** Metrics come from these log events (lib/constructs/monitoring.ts): ids and counts only. */
async function report(source: string, kind: string) {
  logger.info('poll outcome', { event: pollLogEvent(kind), source, kind });
  const stale = sourcesHealth(await store.sources.list(), health, deps.now());
  logger.info('sources health', {
    event: 'sources.health',
    staleCount: stale.length,
    stale: stale.map((s) => s.sourceId),
  });
}

export async function handler(event: { sourceId?: string }) {
  if (!event.sourceId) throw new Error('event.sourceId is required');
  const result = await pollAndSummarise(deps, event.sourceId);
  logger.info('poll finished', result);
  await report(result.source, result.kind);
  return result;
}
