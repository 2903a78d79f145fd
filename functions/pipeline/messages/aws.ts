/**
 * The AWS adapters of the batch queue (SQS) and the operator alerts (SNS), and the consumer's side of
 * a batch message, apart from the poll pipeline's wiring (`pipeline/aws.ts`) so that the fanout and
 * deliver functions bundle them without the pipeline, the parsers and the HTTP client.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeBatch } from '../../core/changes';
import { sha256Hex } from '../../core/source';
import type { Store } from '../../store/index';
import type { BatchQueue, OperatorAlert, OperatorAlerts } from '../ports';

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
