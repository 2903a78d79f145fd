/** SQS (delivery queue) → one delivery attempt per job, partial batch responses, delayed re-enqueue for retries. */
import { awsApp } from '../runtime/aws';

export const handler = await awsApp('deliver');
