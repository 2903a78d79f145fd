/** The poll function's wiring: one source per event; metrics come from its log events (ids and counts only). */
import { feedDefinitions } from '../../feeds/index';
import { awsPollDeps, pollAndSummarise, readPollConfig } from '../../pipeline/aws';
import { pollLogEvent, readHealthConfig, sourcesHealth } from '../../pipeline/health';
import { isPolledByDefault, listDefinitions } from '../../sources/index';
import { awsStart } from './common';

export async function awsPollApp(rawEnv: NodeJS.ProcessEnv = process.env) {
  const { env, logger } = awsStart('poll', rawEnv);
  const health = readHealthConfig(env, {
    schedules: Object.fromEntries(
      [...listDefinitions(), ...feedDefinitions()].filter(isPolledByDefault).map((d) => [d.id, d.schedule]),
    ),
    missedIntervals: 6,
  });
  const deps = awsPollDeps(readPollConfig(env), {
    log: ({ level, message, ...fields }) => logger[level](message, fields),
  });
  return async (event: { sourceId?: string }) => {
    if (!event.sourceId) throw new Error('event.sourceId is required');
    const result = await pollAndSummarise(deps, event.sourceId);
    logger.info('poll finished', result);
    logger.info('poll outcome', {
      event: pollLogEvent(result.kind),
      source: result.source,
      kind: result.kind,
    });
    const stale = sourcesHealth(await deps.store.sources.list(), health, deps.now());
    logger.info('sources health', {
      event: 'sources.health',
      staleCount: stale.length,
      stale: stale.map((s) => s.sourceId),
    });
    return result;
  };
}
