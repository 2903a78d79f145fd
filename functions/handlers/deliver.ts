/** SQS (delivery queue) → one delivery attempt per job, partial batch responses, delayed re-enqueue for retries. */
import { awsDeliverApp } from '../runtime/aws/deliver';

export const handler = await awsDeliverApp();
