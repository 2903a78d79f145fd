/** Lambda: poll one source. Event `{ "sourceId": "<id>" }` (one EventBridge schedule per source). */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { isFeedSource } from '../feeds/index';
import { readPollConfig, SnsOperatorAlerts, SqsBatchQueue } from '../pipeline/aws';
import { noticeReconciler, pollFeed } from '../pipeline/feed-poll';
import { type PollOutcome, pollSource } from '../pipeline/poll';
import { S3Archive } from '../store/archive';
import { createStore } from '../store/index';
import { dynamoClients } from '../store/table';

const config = readPollConfig(); // throws at cold start when configuration is missing
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

export async function handler(event: { sourceId?: string }) {
  if (!event.sourceId) throw new Error('event.sourceId is required');
  if (isFeedSource(event.sourceId)) {
    const o = await pollFeed(deps, event.sourceId);
    const result = {
      source: o.source,
      kind: o.kind,
      followUps: o.followUps,
      ...(o.kind === 'failed' ? { error: o.error } : {}),
    };
    logger.info('feed poll finished', result);
    return result;
  }
  const outcome: PollOutcome = await pollSource(deps, event.sourceId);
  const result = {
    source: outcome.source,
    kind: outcome.kind,
    ...(outcome.kind === 'changed' ? { batchId: outcome.batch.id, summary: outcome.batch.summary } : {}),
    ...(outcome.kind === 'quarantined' ? { quarantineId: outcome.quarantine.id } : {}),
    ...(outcome.kind === 'failed' ? { error: outcome.error } : {}),
  };
  logger.info('poll finished', result);
  return result;
}
