/** SQS (delivery queue) → one delivery attempt per job, partial batch responses, delayed re-enqueue for retries. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { parseJobMessage } from '../dispatch/aws';
import { awsKeys, awsStores, awsWorker, deliveryQueueFromEnv } from '../runtime/aws';
import { handleDeliveryMessages, type JobOutcome } from '../send/worker';

const base = awsStores();
const queue = deliveryQueueFromEnv();
const worker = awsWorker(base, await awsKeys());

/** `delivery.sent` / `delivery.failed` feed the delivery error-rate alarm (lib/constructs/monitoring.ts). */
function logOutcome(jobId: string, outcome: JobOutcome): void {
  const event =
    outcome.status === 'sent'
      ? 'delivery.sent'
      : outcome.status === 'retry' || outcome.status === 'dead'
        ? 'delivery.failed'
        : 'delivery.other';
  console.log(JSON.stringify({ level: 'INFO', event, jobId, status: outcome.status }));
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return handleDeliveryMessages(event.Records, {
    worker,
    queue,
    now: Date.now,
    parse: parseJobMessage,
    onOutcome: logOutcome,
  });
}
