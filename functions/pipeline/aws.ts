/**
 * The poll handler's configuration and the poll pipeline's dependencies (shared by the poll and API
 * handlers). The SQS batch queue, the SNS operator alerts and reading a batch back from an SQS
 * message (for the fanout handler) live in `pipeline/messages/aws.ts`, re-exported here.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '../core/errors';
import { isFeedSource } from '../feeds/index';
import { LIST_SOURCES } from '../sources/index';
import { S3Archive } from '../store/archive';
import { createStore, type Store } from '../store/index';
import { dynamoClients } from '../store/table';
import { entityGraph } from './entities';
import { noticeReconciler, pollFeed } from './feed-poll';
import { SnsOperatorAlerts, SqsBatchQueue } from './messages/aws';
import { pollSource } from './poll';
import type { PollDeps, PollLogger } from './ports';

export { type BatchMessage, loadBatchMessage, SnsOperatorAlerts, SqsBatchQueue } from './messages/aws';

export interface PollConfig {
  tableName: string;
  archiveBucket: string;
  batchQueueUrl: string;
  operatorTopicArn: string;
  /** Only for local engines. */
  dynamodbEndpoint?: string;
}

/** Reads the poll handler's configuration; throws a `ConfigError` naming every missing variable. */
export function readPollConfig(env: NodeJS.ProcessEnv = process.env): PollConfig {
  const names = ['TABLE_NAME', 'ARCHIVE_BUCKET', 'BATCH_QUEUE_URL', 'OPERATOR_TOPIC_ARN'] as const;
  const missing = names.filter((n) => !env[n]);
  if (missing.length) throw new ConfigError(`missing configuration: ${missing.join(', ')}`);
  return {
    tableName: env.TABLE_NAME!,
    archiveBucket: env.ARCHIVE_BUCKET!,
    batchQueueUrl: env.BATCH_QUEUE_URL!,
    operatorTopicArn: env.OPERATOR_TOPIC_ARN!,
    ...(env.DYNAMODB_ENDPOINT ? { dynamodbEndpoint: env.DYNAMODB_ENDPOINT } : {}),
  };
}

/**
 * The poll pipeline's dependencies on AWS: the DynamoDB store (or the caller's, to share one
 * client), the S3 raw archive, the SQS batch queue and SNS operator alerts. The poll handler polls
 * with them; the API handler approves held publications with them (`quarantineAdmin`).
 */
export function awsPollDeps(
  config: PollConfig,
  options: { store?: Store; log?: PollLogger } = {},
): PollDeps & { store: Store } {
  const store =
    options.store ??
    createStore(
      dynamoClients({ tableName: config.tableName, endpoint: config.dynamodbEndpoint }).doc,
      config.tableName,
    );
  return {
    store,
    reconcile: noticeReconciler({ store }),
    entities: entityGraph(store.entities, Object.keys(LIST_SOURCES)),
    archive: new S3Archive(new S3Client({}), config.archiveBucket),
    queue: new SqsBatchQueue(new SQSClient({}), config.batchQueueUrl),
    alerts: new SnsOperatorAlerts(new SNSClient({}), config.operatorTopicArn),
    now: () => new Date(),
    ...(options.log ? { log: options.log } : {}),
  };
}

/** One poll of a list or feed source, summarised for the handler's result and logs (ids and counts only). */
export async function pollAndSummarise(deps: PollDeps, sourceId: string) {
  if (isFeedSource(sourceId)) {
    const o = await pollFeed(deps, sourceId);
    return {
      source: o.source,
      kind: o.kind as string,
      followUps: o.followUps,
      ...(o.kind === 'failed' ? { error: o.error } : {}),
    };
  }
  const outcome = await pollSource(deps, sourceId);
  return {
    source: outcome.source,
    kind: outcome.kind as string,
    ...(outcome.kind === 'changed' ? { batchId: outcome.batch.id, summary: outcome.batch.summary } : {}),
    ...(outcome.kind === 'quarantined' ? { quarantineId: outcome.quarantine.id } : {}),
    ...(outcome.kind === 'failed' ? { error: outcome.error } : {}),
  };
}
