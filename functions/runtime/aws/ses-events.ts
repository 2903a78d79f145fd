/** The ses-events function's wiring: suppresses bounced and complaining addresses (counts only in logs). */
import type { SNSEvent } from 'aws-lambda';
import { applySesFeedback } from '../../subscriptions/ses-feedback';
import { awsStart, awsStores } from './common';

export async function awsSesEventsApp(rawEnv: NodeJS.ProcessEnv = process.env) {
  const { env, logger } = awsStart('ses-events', rawEnv);
  const base = awsStores(env);
  return async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      const result = await applySesFeedback(record.Sns.Message, base.subscriptions, new Date().toISOString());
      logger.info('ses feedback', { messageId: record.Sns.MessageId, ...result });
    }
  };
}
