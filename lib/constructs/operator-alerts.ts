import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** The SNS topic operators subscribe to: quarantines, dead letters and alarms all land here. */
export class OperatorAlerts extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { operatorEmail?: string }) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'sanctions-notifier operator alerts',
      enforceSSL: true,
    });
    if (props.operatorEmail) this.topic.addSubscription(new EmailSubscription(props.operatorEmail));
  }
}
