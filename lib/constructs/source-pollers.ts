import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { SourceDefinition } from '../../functions/core/source';
import type { ProjectFunction } from './project-function';

export interface SourcePollersProps {
  pollFunction: ProjectFunction;
  sources: SourceDefinition[];
  /** Schedule expression overrides by source id. */
  schedules: Record<string, string>;
}

/** One EventBridge Scheduler schedule per enabled source, invoking the poll function with `{ sourceId }`. */
export class SourcePollers extends Construct {
  readonly schedules: Record<string, Schedule> = {};
  /** The effective schedule expression per source id (definition default or override). */
  readonly expressions: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: SourcePollersProps) {
    super(scope, id);
    for (const source of props.sources) {
      const expression = props.schedules[source.id] ?? source.schedule;
      this.expressions[source.id] = expression;
      const target = new LambdaInvoke(props.pollFunction, {
        input: ScheduleTargetInput.fromObject({ sourceId: source.id }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(30),
      });
      this.schedules[source.id] = new Schedule(this, `Poll-${source.id}`, {
        schedule: ScheduleExpression.expression(expression),
        target,
        description: `Poll ${source.title} (${source.id})`,
      });
    }
    const fnLogicalId = Stack.of(this).getLogicalId(props.pollFunction.node.defaultChild as never);
    Validations.of(Stack.of(this)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      reason: 'The scheduler role may invoke the poll function and its versions/aliases, nothing else.',
    });
  }
}
