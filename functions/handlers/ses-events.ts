/** SNS (SES configuration-set events) → suppress bounced and complaining addresses. */
import { awsApp } from '../runtime/aws';

export const handler = await awsApp('ses-events');
