/** Lambda: poll one source. Event `{ "sourceId": "<id>" }` (one EventBridge schedule per source). */
import { awsApp } from '../runtime/aws';

export const handler = await awsApp('poll');
