import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ProjectFunction } from './project-function';

function queueWithDeadLetters(scope: Construct, id: string, visibilityTimeout: Duration) {
  const deadLetters = new Queue(scope, `${id}DeadLetters`, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout,
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
  });
  return { queue, deadLetters };
}

/**
 * The delivery path: change batches (from polls) → fan-out into one job per subscriber →
 * delivery, each stage an SQS queue with a dead-letter queue and a Lambda consumer reporting
 * partial batch failures. Long retry back-offs are re-enqueued by the worker itself.
 */
export class AlertDelivery extends Construct {
  readonly batchQueue: Queue;
  readonly batchDeadLetters: Queue;
  readonly deliveryQueue: Queue;
  readonly deliveryDeadLetters: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const batches = queueWithDeadLetters(this, 'BatchQueue', Duration.minutes(6));
    const deliveries = queueWithDeadLetters(this, 'DeliveryQueue', Duration.minutes(3));
    this.batchQueue = batches.queue;
    this.batchDeadLetters = batches.deadLetters;
    this.deliveryQueue = deliveries.queue;
    this.deliveryDeadLetters = deliveries.deadLetters;
  }

  /** Wires the fan-out and delivery consumers to their queues. */
  connect(fanout: ProjectFunction, deliver: ProjectFunction): void {
    fanout.addEventSource(
      new SqsEventSource(this.batchQueue, { batchSize: 5, reportBatchItemFailures: true }),
    );
    deliver.addEventSource(
      new SqsEventSource(this.deliveryQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
      }),
    );
    fanout.addEnvironment('DELIVERY_QUEUE_URL', this.deliveryQueue.queueUrl);
    deliver.addEnvironment('DELIVERY_QUEUE_URL', this.deliveryQueue.queueUrl);
    this.deliveryQueue.grantSendMessages(fanout);
    // The worker re-enqueues a job with a delay for its next retry.
    this.deliveryQueue.grantSendMessages(deliver);
  }
}
