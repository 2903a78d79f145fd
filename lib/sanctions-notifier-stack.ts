import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { SourceDefinition } from '../functions/core/source';
import { isPolledByDefault } from '../functions/sources/index';
import { type DeploymentConfig, readConfig } from './config';
import { AlertDelivery } from './constructs/alert-delivery';
import { EmailSending } from './constructs/email-sending';
import { Monitoring } from './constructs/monitoring';
import { OperatorAlerts } from './constructs/operator-alerts';
import { ProjectFunction } from './constructs/project-function';
import { PublicationArchive } from './constructs/publication-archive';
import { SourcePollers } from './constructs/source-pollers';
import { StateTable } from './constructs/state-table';
import { SubscriptionApi } from './constructs/subscription-api';

export interface SanctionsNotifierStackProps extends StackProps {
  /**
   * Every source the code knows (lists and feeds). Context `enabledSources` selects which are
   * deployed; `all` means every source polled by default (archive-only formats are left out).
   */
  sources: SourceDefinition[];
}

/** Pollers, store, archive, delivery, email, API and alarms for sanctions-notifier. */
export class SanctionsNotifierStack extends Stack {
  readonly config: DeploymentConfig;
  readonly deployedSources: SourceDefinition[];

  constructor(scope: Construct, id: string, props: SanctionsNotifierStackProps) {
    super(scope, id, props);
    const config = readConfig(this.node);
    this.config = config;
    const known = new Set(props.sources.map((s) => s.id));
    if (config.enabledSources !== 'all') {
      const unknown = config.enabledSources.filter((s) => !known.has(s));
      if (unknown.length)
        throw new Error(`context enabledSources names unknown sources: ${unknown.join(', ')}`);
    }
    for (const sourceId of Object.keys(config.schedules)) {
      if (!known.has(sourceId)) throw new Error(`context schedules names an unknown source: ${sourceId}`);
    }
    const enabled = config.enabledSources;
    this.deployedSources = props.sources.filter((s) =>
      enabled === 'all' ? isPolledByDefault(s) : enabled.includes(s.id),
    );

    const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const fnDefaults = { logRetention: config.logRetentionDays, logRemovalPolicy: removalPolicy };

    const state = new StateTable(this, 'State', {
      removalPolicy,
      deletionProtection: config.deletionProtection,
    });
    const archive = new PublicationArchive(this, 'PublicationArchive', {
      removalPolicy,
      transitionAfterDays: config.archiveTransitionDays,
    });
    const operator = new OperatorAlerts(
      this,
      'OperatorAlerts',
      config.operatorEmail ? { operatorEmail: config.operatorEmail } : {},
    );
    const delivery = new AlertDelivery(this, 'AlertDelivery');
    const email = new EmailSending(this, 'EmailSending', { senderEmail: config.senderEmail });

    const hmacKeys = new Secret(this, 'HmacKeys', {
      description: 'HMAC key for unsubscribe, confirmation and manage-preferences tokens',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'tokenKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    const adminToken = new Secret(this, 'AdminToken', {
      description: 'Bearer token for the admin routes of the subscription API',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    const poll = new ProjectFunction(this, 'PollFunction', {
      ...fnDefaults,
      handlerName: 'poll',
      description: 'Polls one official publication: fetch, parse, guard, diff, store, emit the change batch',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions:
        this.node.tryGetContext('pollReservedConcurrency') === 'none' ? undefined : 1,
    }).use({
      table: { table: state.table, mode: 'readWrite' },
      bucket: { bucket: archive.bucket, mode: 'readWrite' },
      sendTo: [delivery.batchQueue],
      publishTo: [operator.topic],
    });
    poll.addEnvironment('BATCH_QUEUE_URL', delivery.batchQueue.queueUrl);
    poll.addEnvironment('OPERATOR_TOPIC_ARN', operator.topic.topicArn);

    const fanout = new ProjectFunction(this, 'FanoutFunction', {
      ...fnDefaults,
      handlerName: 'fanout',
      description:
        'Matches a change batch against subscriptions and enqueues one delivery job per subscriber',
      timeout: Duration.minutes(1),
    }).use({ table: { table: state.table, mode: 'readWrite' } });

    const deliver = new ProjectFunction(this, 'DeliverFunction', {
      ...fnDefaults,
      handlerName: 'deliver',
      description: 'Delivers one alert by email, webhook or Slack, exactly once, with retries',
      timeout: Duration.seconds(30),
    }).use({
      table: { table: state.table, mode: 'readWrite' },
      publishTo: [operator.topic],
      readSecrets: [hmacKeys],
    });
    deliver.addEnvironment('OPERATOR_TOPIC_ARN', operator.topic.topicArn);
    delivery.connect(fanout, deliver);

    const digest = new ProjectFunction(this, 'DigestFunction', {
      ...fnDefaults,
      handlerName: 'digest',
      description:
        'Once a day: one digest delivery job per daily subscriber with changes from the day that ended',
      timeout: Duration.minutes(2),
    }).use({ table: { table: state.table, mode: 'readWrite' }, sendTo: [delivery.deliveryQueue] });
    digest.addEnvironment('DELIVERY_QUEUE_URL', delivery.deliveryQueue.queueUrl);
    new Schedule(this, 'DailyDigest', {
      schedule: ScheduleExpression.cron({ minute: '5', hour: '0' }),
      target: new LambdaInvoke(digest, { retryAttempts: 2 }),
      description: 'Send daily digests shortly after 00:00 UTC',
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(digest.node.defaultChild as never)}.Arn>:*]`,
      reason: 'The scheduler role may invoke the digest function and its versions/aliases, nothing else.',
    });
    email.allowSending(deliver, config.senderEmail);

    // The admin quarantine routes approve a held publication here: read its files back from the
    // archive, parse and diff them like a poll, emit the batch (docs/deploy.md). So: the poll's
    // memory, and a timeout past API Gateway's 30 s so a long approval still finishes.
    const api = new ProjectFunction(this, 'ApiFunction', {
      ...fnDefaults,
      handlerName: 'api',
      description: "Subscription management HTTP API and the operator's decisions on held publications",
      memorySize: 1024,
      timeout: Duration.minutes(5),
    }).use({
      table: { table: state.table, mode: 'readWrite' },
      bucket: { bucket: archive.bucket, mode: 'get' },
      sendTo: [delivery.batchQueue],
      publishTo: [operator.topic],
      readSecrets: [hmacKeys],
    });
    adminToken.grantRead(api);
    api.addEnvironment('ADMIN_SECRET_ARN', adminToken.secretArn);
    api.addEnvironment('BATCH_QUEUE_URL', delivery.batchQueue.queueUrl);
    api.addEnvironment('OPERATOR_TOPIC_ARN', operator.topic.topicArn);
    email.allowSending(api, config.senderEmail);

    const sesEvents = new ProjectFunction(this, 'SesEventsFunction', {
      ...fnDefaults,
      handlerName: 'ses-events',
      description: 'Suppresses addresses that bounce or complain',
      timeout: Duration.seconds(15),
    }).use({ table: { table: state.table, mode: 'readWrite' } });
    email.handleEventsWith(sesEvents);

    const http = new SubscriptionApi(this, 'SubscriptionApi', {
      handler: api,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      logRetention: config.logRetentionDays,
      logRemovalPolicy: removalPolicy,
    });
    deliver.addEnvironment('PUBLIC_BASE_URL', http.url);

    const pollers = new SourcePollers(this, 'SourcePollers', {
      pollFunction: poll,
      sources: this.deployedSources,
      schedules: config.schedules,
    });

    // The poll function reports the health of every deployed source on each run (functions/core/health.ts).
    poll.addEnvironment('SOURCE_SCHEDULES', JSON.stringify(pollers.expressions));
    poll.addEnvironment('MISSED_POLL_INTERVALS', String(config.missedPollIntervals));

    new Monitoring(this, 'Monitoring', {
      topic: operator.topic,
      pollLogGroup: poll.logGroup,
      deliverLogGroup: deliver.logGroup,
      missedPollIntervals: config.missedPollIntervals,
      deadLetterQueues: { batches: delivery.batchDeadLetters, deliveries: delivery.deliveryDeadLetters },
      deliveryErrorRatePercent: config.deliveryErrorRatePercent,
    });

    new CfnOutput(this, 'ApiUrl', { value: http.url });
    new CfnOutput(this, 'TableName', { value: state.table.tableName });
    new CfnOutput(this, 'ArchiveBucket', { value: archive.bucket.bucketName });
    new CfnOutput(this, 'OperatorTopic', { value: operator.topic.topicArn });
    new CfnOutput(this, 'AdminTokenSecret', { value: adminToken.secretArn });

    this.acknowledgeNagFindings(archive, operator, email, hmacKeys, adminToken, http);
  }

  /** Every cdk-nag finding this design accepts, each with its specific reason. */
  private acknowledgeNagFindings(
    archive: PublicationArchive,
    operator: OperatorAlerts,
    email: EmailSending,
    hmacKeys: Secret,
    adminToken: Secret,
    http: SubscriptionApi,
  ): void {
    Validations.of(archive.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log bucket of the archive; logging it into itself would recurse.',
    });
    for (const topic of [operator.topic, email.eventsTopic]) {
      Validations.of(topic).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'CloudWatch alarms and SES cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed KMS key would cost more than the rest of the default deployment; the topic is TLS-only (SNS3) and carries alarm names and bounce notices.',
      });
    }
    for (const secret of [hmacKeys, adminToken]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating the HMAC key would invalidate every unsubscribe link already sent; the admin token is rotated by the operator (README: operations). Both are generated by Secrets Manager, never in plain environment variables.',
      });
    }
    Validations.of(http.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Subscribe/confirm/unsubscribe/manage/feeds must be reachable by email recipients and feed readers; they are protected by HMAC-signed tokens, and admin routes by a bearer secret checked in the handler.',
    });
  }
}
