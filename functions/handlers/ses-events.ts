/** SNS (SES configuration-set events) → suppress bounced and complaining addresses. */
import type { SNSEvent } from 'aws-lambda';
import { awsStores } from '../runtime/aws';
import { applySesFeedback } from '../subscriptions/ses-feedback';

const base = awsStores();

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const result = await applySesFeedback(record.Sns.Message, base.subscriptions, new Date().toISOString());
    // Counts only: never the address.
    console.log(JSON.stringify({ msg: 'ses feedback', messageId: record.Sns.MessageId, ...result }));
  }
}
