/** SQS (batch queue) → one delivery job per matching subscriber on the delivery queue. */
import { awsFanoutApp } from '../runtime/aws/fanout';

export const handler = await awsFanoutApp();
