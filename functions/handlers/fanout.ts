/** SQS (batch queue) → one delivery job per matching subscriber on the delivery queue. */
import { awsApp } from '../runtime/aws';

export const handler = await awsApp('fanout');
