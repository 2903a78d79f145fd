/** Lambda: poll one source. Event `{ "sourceId": "<id>" }` (one EventBridge schedule per source). */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { feedDefinitions } from '../feeds/index';
import { pollAndSummarise, readPollConfig, SnsOperatorAlerts, SqsBatchQueue } from '../pipeline/aws';
import { noticeReconciler } from '../pipeline/feed-poll';
import { pollLogEvent, readHealthConfig, sourcesHealth } from '../pipeline/health';
import { isPolledByDefault, listDefinitions } from '../sources/index';
import { S3Archive } from '../store/archive';
import { createStore } from '../store/index';
import { dynamoClients } from '../store/table';

const config = readPollConfig(); // throws at cold start when configuration is missing
const health = readHealthConfig(process.env, {
  schedules: Object.fromEntries(
    [...listDefinitions(), ...feedDefinitions()].filter(isPolledByDefault).map((d) => [d.id, d.schedule]),
  ),
  missedIntervals: 6,
});
const logger = new Logger({ serviceName: 'sanctions-notifier', persistentKeys: { handler: 'poll' } });
const { doc } = dynamoClients({ tableName: config.tableName, endpoint: config.dynamodbEndpoint });
const store = createStore(doc, config.tableName);
const deps = {
  store,
  reconcile: noticeReconciler({ store }),
  archive: new S3Archive(new S3Client({}), config.archiveBucket),
  queue: new SqsBatchQueue(new SQSClient({}), config.batchQueueUrl),
  alerts: new SnsOperatorAlerts(new SNSClient({}), config.operatorTopicArn),
  now: () => new Date(),
  log: ({ level, message, ...fields }: { level: 'info' | 'warn' | 'error'; message: string }) =>
    logger[level](message, fields),
};

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
