import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { ProjectFunction } from './project-function';

/**
 * SES: the sender identity, a configuration set whose bounce and complaint events go to an SNS
 * topic, and the suppression handler subscribed to it.
 */
export class EmailSending extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;

  constructor(scope: Construct, id: string, props: { senderEmail: string }) {
    super(scope, id);
    this.identity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.senderEmail) });
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.eventsTopic = new Topic(this, 'Events', {
      displayName: 'SES bounces and complaints',
      enforceSSL: true,
    });
    new ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet: this.configurationSet,
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }

  /** Lets a function send through the identity with the configuration set; sets its environment. */
  allowSending(fn: ProjectFunction, senderEmail: string): void {
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: senderEmail }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    fn.addEnvironment('SENDER_EMAIL', senderEmail);
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
  }

  /** Subscribes the bounce/complaint handler. */
  handleEventsWith(fn: ProjectFunction): void {
    this.eventsTopic.addSubscription(new LambdaSubscription(fn));
  }
}
