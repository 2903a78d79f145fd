import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const METRIC_NAMESPACE = 'SanctionsNotifier';

/**
 * Log events the handlers write (JSON logs, field `event`), turned into metrics by metric filters.
 * The handlers and these filters share this table; see docs/operations.md.
 */
export const LOG_EVENTS = {
  /** Logged by every poll run with `staleCount` and `stale` (source ids) from functions/core/health.ts. */
  sourcesHealth: 'sources.health',
  pollQuarantined: 'poll.quarantined',
  deliverySent: 'delivery.sent',
  deliveryFailed: 'delivery.failed',
} as const;

export interface MonitoringProps {
  topic: ITopic;
  pollLogGroup: ILogGroup;
  deliverLogGroup: ILogGroup;
  missedPollIntervals: number;
  deadLetterQueues: Record<string, IQueue>;
  deliveryErrorRatePercent: number;
}

/** Alarms to the operator topic, and a dashboard. */
export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const alarm = (alarmId: string, a: ConstructorParameters<typeof Alarm>[2]) => {
      const created = new Alarm(this, alarmId, a);
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    new MetricFilter(this, 'StaleSourcesFilter', {
      logGroup: props.pollLogGroup,
      filterPattern: FilterPattern.stringValue('$.event', '=', LOG_EVENTS.sourcesHealth),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'StaleSources',
      metricValue: '$.staleCount',
    });
    new MetricFilter(this, 'QuarantinedFilter', {
      logGroup: props.pollLogGroup,
      filterPattern: FilterPattern.stringValue('$.event', '=', LOG_EVENTS.pollQuarantined),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'Quarantined',
      metricValue: '1',
    });
    new MetricFilter(this, 'DeliverySentFilter', {
      logGroup: props.deliverLogGroup,
      filterPattern: FilterPattern.stringValue('$.event', '=', LOG_EVENTS.deliverySent),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'DeliverySent',
      metricValue: '1',
    });
    new MetricFilter(this, 'DeliveryFailedFilter', {
      logGroup: props.deliverLogGroup,
      filterPattern: FilterPattern.stringValue('$.event', '=', LOG_EVENTS.deliveryFailed),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'DeliveryFailed',
      metricValue: '1',
    });

    // One metric for all sources (one custom metric costs as much as the rest of a poll's bill):
    // every poll run reports how many enabled sources have had no successful poll for N of their
    // intervals; no report at all (the poller is not running) is breaching too.
    const stale = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'StaleSources',
      statistic: 'Maximum',
      period: Duration.hours(1),
    });
    alarm('SourceNotPolled', {
      alarmDescription: `A source has had no successful poll within ${props.missedPollIntervals} × its schedule interval, or the poller stopped reporting. The poll logs (event sources.health) and \`sources\` name it.`,
      metric: stale,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
    });

    const quarantined = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'Quarantined',
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    alarm('PublicationQuarantined', {
      alarmDescription: 'A publication was quarantined by the guards: review it with `quarantine list`',
      metric: quarantined,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`DeadLetters-${name}`, {
        alarmDescription: `${name}: messages in the dead-letter queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }

    const sent = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'DeliverySent',
      statistic: 'Sum',
      period: Duration.hours(1),
    });
    const failed = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'DeliveryFailed',
      statistic: 'Sum',
      period: Duration.hours(1),
    });
    const errorRate = new MathExpression({
      expression: 'IF(sent + failed > 0, 100 * failed / (sent + failed), 0)',
      usingMetrics: { sent, failed },
      period: Duration.hours(1),
      label: 'Delivery error rate (%)',
    });
    alarm('DeliveryErrorRate', {
      alarmDescription: `More than ${props.deliveryErrorRatePercent}% of delivery attempts failed in an hour`,
      metric: errorRate,
      threshold: props.deliveryErrorRatePercent,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [new TextWidget({ markdown: '# sanctions-notifier', width: 24, height: 1 })],
        [
          new GraphWidget({ title: 'Sources without a recent successful poll', left: [stale], width: 12 }),
          new GraphWidget({ title: 'Deliveries', left: [sent, failed], right: [errorRate], width: 12 }),
        ],
        [
          new GraphWidget({ title: 'Quarantined publications', left: [quarantined], width: 12 }),
          new GraphWidget({
            title: 'Dead letters',
            left: Object.values(props.deadLetterQueues).map((q) =>
              q.metricApproximateNumberOfMessagesVisible(),
            ),
            width: 12,
          }),
        ],
      ],
    });
  }
}
