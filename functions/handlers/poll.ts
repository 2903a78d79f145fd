/** Lambda: poll one source. Event `{ "sourceId": "<id>" }` (one EventBridge schedule per source). */
import { awsPollApp } from '../runtime/aws/poll';

export const handler = await awsPollApp();
