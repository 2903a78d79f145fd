/**
 * AWS adapters of the pipeline ports and the poll handler's configuration: SQS batch queue, SNS
 * operator alerts, the poll pipeline's dependencies (shared by the poll and API handlers), and
 * reading a batch back from an SQS message (for the fanout handler).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeBatch } from '../core/changes';
import { ConfigError } from '../core/errors';
import { sha256Hex } from '../core/source';
import { isFeedSource } from '../feeds/index';
import { LIST_SOURCES } from '../sources/index';
import { S3Archive } from '../store/archive';
import { createStore, type Store } from '../store/index';
import { dynamoClients } from '../store/table';
import { entityGraph } from './entities';
import { noticeReconciler, pollFeed } from './feed-poll';
import { pollSource } from './poll';
import type { BatchQueue, OperatorAlert, OperatorAlerts, PollDeps, PollLogger } from './ports';

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

/**
 * The SQS message for a batch: a reference, not the batch (a large batch exceeds SQS's 256 KB).
 * The consumer loads it with `loadBatchMessage`.
 */
export interface BatchMessage {
  type: 'change-batch';
  batchId: string;
  source: string;
  sha256: string;
}

export class SqsBatchQueue implements BatchQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(batch: ChangeBatch): Promise<void> {
    const message: BatchMessage = {
      type: 'change-batch',
      batchId: batch.id,
      source: batch.source,
      sha256: batch.publication.sha256,
    };
    const fifo = this.queueUrl.endsWith('.fifo');
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        // On a FIFO queue SQS itself drops a re-send within 5 minutes; consumers de-duplicate anyway.
        // By batch id: a publication that comes back later makes a new batch that must not be dropped.
        ...(fifo ? { MessageGroupId: batch.source, MessageDeduplicationId: sha256Hex(batch.id) } : {}),
      }),
    );
  }
}

/** Reads the batch an SQS message refers to; undefined when it is not a change-batch message. */
export async function loadBatchMessage(store: Store, body: string): Promise<ChangeBatch | undefined> {
  const message = JSON.parse(body) as Partial<BatchMessage>;
  if (message.type !== 'change-batch' || !message.source || !message.sha256) return undefined;
  // The batch's key follows `<source>:` in its id (the bare sha256 for batches written before keys).
  const prefix = `${message.source}:`;
  const key = message.batchId?.startsWith(prefix) ? message.batchId.slice(prefix.length) : message.sha256;
  const batch = await store.batches.get(message.source, key);
  if (!batch) throw new Error(`batch ${message.batchId} is referenced by a message but not stored`);
  return batch;
}

export class SnsOperatorAlerts implements OperatorAlerts {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async alert(alert: OperatorAlert): Promise<void> {
    const subject = `sanctions-notifier ${alert.kind}: ${alert.source}`.slice(0, 100);
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject,
        Message: `${alert.message}\n\n${JSON.stringify(alert)}`,
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: alert.kind },
          source: { DataType: 'String', StringValue: alert.source },
        },
      }),
    );
  }
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
