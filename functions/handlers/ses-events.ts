/** SNS (SES configuration-set events) → suppress bounced and complaining addresses. */
import { awsSesEventsApp } from '../runtime/aws/ses-events';

export const handler = await awsSesEventsApp();
