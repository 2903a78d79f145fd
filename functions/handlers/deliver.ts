/** SQS (delivery queue) → one delivery attempt per job, partial batch responses, delayed re-enqueue for retries. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { awsKeys, awsStores, awsWorker, deliveryQueueFromEnv } from '../delivery/aws';
import { parseJobMessage } from '../delivery/fanout';
import { handleDeliveryMessages } from '../delivery/worker';

const base = awsStores();
const queue = deliveryQueueFromEnv();
const worker = awsWorker(base, await awsKeys());

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return handleDeliveryMessages(event.Records, { worker, queue, now: Date.now, parse: parseJobMessage });
}
