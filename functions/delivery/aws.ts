/**
 * AWS wiring of delivery, shared by the fanout, deliver, api and ses-events handlers: configuration
 * read once (a `ConfigError` at cold start when something is missing), the HMAC keys from Secrets
 * Manager, SES v2 for email, SQS for jobs, SNS for operator alerts.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DeliveryStore } from '../store/deliveries';
import { createStore, type Store } from '../store/index';
import { SubscriptionStore } from '../store/subscriptions';
import { dynamoClients } from '../store/table';
import { sesChannel } from './channels/email-ses';
import { slackChannel } from './channels/slack-http';
import { webhookChannel } from './channels/webhook-http';
import { type DeliveryKeys, deliverySettings, parseKeys, requireEnv } from './config';
import { type DeliveryQueue, sqsDeliveryQueue } from './fanout';
import { localSourceTitle as sourceTitle, splitBatchId } from './local';
import { DeliveryWorker, type OperatorAlert } from './worker';

export interface AwsDelivery {
  store: Store;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
}

/** Table and stores; `TABLE_NAME` required. */
export function awsStores(env: NodeJS.ProcessEnv = process.env): AwsDelivery {
  const tableName = requireEnv(env, 'TABLE_NAME');
  const { doc } = dynamoClients({
    tableName,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  });
  const store = createStore(doc, tableName);
  return {
    store,
    subscriptions: new SubscriptionStore(store.table),
    deliveries: new DeliveryStore(store.table),
  };
}

export async function awsKeys(env: NodeJS.ProcessEnv = process.env): Promise<DeliveryKeys> {
  const arn = requireEnv(env, 'SECRET_ARN');
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return parseKeys(out.SecretString ?? '', 'the delivery secret');
}

export function deliveryQueueFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryQueue {
  return sqsDeliveryQueue(new SQSClient({}), requireEnv(env, 'DELIVERY_QUEUE_URL'));
}

export function snsOperatorAlert(topicArn: string): (alert: OperatorAlert) => Promise<void> {
  const sns = new SNSClient({});
  return async (alert) => {
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: `sanctions-notifier: ${alert.subject}`.slice(0, 100),
        Message: alert.message,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'delivery-dead' } },
      }),
    );
  };
}

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
    operatorAlert: snsOperatorAlert(requireEnv(env, 'OPERATOR_TOPIC_ARN')),
    now: Date.now,
    random: Math.random,
  });
}
