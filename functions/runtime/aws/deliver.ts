/** The deliver function's wiring: one attempt per job; `delivery.sent` / `delivery.failed` feed the error-rate alarm. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { splitBatchId } from '../../core/changes';
import { parseJobMessage } from '../../dispatch/aws';
import { SnsOperatorAlerts } from '../../pipeline/messages/aws';
import { sesChannel } from '../../send/channels/email-ses';
import { slackChannel } from '../../send/channels/slack-http';
import { webhookChannel } from '../../send/channels/webhook-http';
import { type DeliveryKeys, deliverySettings, requireEnv } from '../../send/config';
import { DeliveryWorker, handleDeliveryMessages, type JobOutcome } from '../../send/worker';
import { sourceTitle } from '../../sources/index';
import { type AwsDelivery, awsKeys, awsStart, awsStores, deliveryQueueFromEnv } from './common';

/** The deliver Lambda's worker: SES, HTTP channels (private targets never allowed on AWS). */
export function awsWorker(
  base: AwsDelivery,
  keys: DeliveryKeys,
  env: NodeJS.ProcessEnv = process.env,
): DeliveryWorker {
  const settings = deliverySettings(env, { aws: true });
  const http = { allowPrivate: false, now: Date.now };
  return new DeliveryWorker({
    deliveries: base.deliveries,
    subscriptions: base.subscriptions,
    loadBatch: (id) => {
      const { source, sha256 } = splitBatchId(id);
      return base.store.batches.get(source, sha256);
    },
    sourceTitle,
    email: sesChannel(new SESv2Client({}), settings.sesConfigurationSet),
    webhook: webhookChannel(http),
    slack: slackChannel(http),
    sender: settings.sender,
    publicBaseUrl: settings.publicBaseUrl,
    tokenKey: keys.tokenKey,
    alerts: new SnsOperatorAlerts(new SNSClient({}), requireEnv(env, 'OPERATOR_TOPIC_ARN')),
    now: Date.now,
    random: Math.random,
  });
}

export async function awsDeliverApp(rawEnv: NodeJS.ProcessEnv = process.env) {
  const { env, logger } = awsStart('deliver', rawEnv);
  const base = awsStores(env);
  const queue = deliveryQueueFromEnv(env);
  const worker = awsWorker(base, await awsKeys(env), env);
  const onOutcome = (jobId: string, outcome: JobOutcome) => {
    const event =
      outcome.status === 'sent'
        ? 'delivery.sent'
        : outcome.status === 'retry' || outcome.status === 'dead'
          ? 'delivery.failed'
          : 'delivery.other';
    logger.info('delivery outcome', { event, jobId, status: outcome.status });
  };
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    handleDeliveryMessages(event.Records, {
      worker,
      queue,
      now: Date.now,
      parse: parseJobMessage,
      onOutcome,
    });
}
