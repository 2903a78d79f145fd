/** The fanout function's wiring: one delivery job per matching subscriber for each change-batch message. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { fanOutBatch } from '../../dispatch/fanout';
import { loadBatchMessage } from '../../pipeline/messages/aws';
import { awsStart, awsStores, deliveryQueueFromEnv } from './common';

export async function awsFanoutApp(rawEnv: NodeJS.ProcessEnv = process.env) {
  const { env, logger } = awsStart('fanout', rawEnv);
  const base = awsStores(env);
  const queue = deliveryQueueFromEnv(env);
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const batch = await loadBatchMessage(base.store, record.body);
        if (!batch) continue; // not a change-batch message: nothing to fan out
        const result = await fanOutBatch(batch, { ...base, queue, now: Date.now });
        logger.info('fanout', { batchId: batch.id, ...result });
      } catch (error) {
        logger.error('fanout failed', { messageId: record.messageId, error: (error as Error).name });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}
