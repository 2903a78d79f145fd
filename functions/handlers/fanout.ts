/** SQS (batch queue) → one delivery job per matching subscriber on the delivery queue. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { fanOutBatch } from '../dispatch/fanout';
import { loadBatchMessage } from '../pipeline/aws';
import { awsStores, deliveryQueueFromEnv } from '../runtime/aws';

const base = awsStores();
const queue = deliveryQueueFromEnv();

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const batch = await loadBatchMessage(base.store, record.body);
      if (!batch) continue; // not a change-batch message: nothing to fan out
      const result = await fanOutBatch(batch, { ...base, queue, now: Date.now });
      console.log(JSON.stringify({ msg: 'fanout', batchId: batch.id, ...result }));
    } catch (error) {
      console.error(
        JSON.stringify({ msg: 'fanout failed', messageId: record.messageId, error: (error as Error).name }),
      );
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
