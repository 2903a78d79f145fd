import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourcesToPoll } from '../../functions/pipeline/schedule';
import { FUNCTION_ENV, type FunctionName } from '../../functions/runtime/env';
import { BASE_ENV_KEYS } from '../../lib/constructs/project-function';
import { SanctionsNotifierStack } from '../../lib/sanctions-notifier-stack';
import { allSourceDefinitions } from '../../lib/sources';

const BASE_CONTEXT = { senderEmail: 'alerts@example.org', operatorEmail: 'ops@example.org' };

/** A variant synth without bundling (the bundled synth below proves the handlers bundle). */
function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { ...BASE_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new SanctionsNotifierStack(app, 'Variant', { sources: allSourceDefinitions() });
  return { app, stack, template: Template.fromStack(stack) };
}

// The real synth: every handler bundled by esbuild, cdk-nag AwsSolutions checks as a validation plugin.
let template: Template;
let stack: SanctionsNotifierStack;
let nagReport = '';
beforeAll(() => {
  const app = new App({ context: BASE_CONTEXT });
  stack = new SanctionsNotifierStack(app, 'Test', { sources: allSourceDefinitions() });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    nagReport = String((error as Error).message);
  }
  template = Template.fromStack(stack);
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding on every synth', () => {
    expect(nagReport).toBe('');
  });
});

describe('SanctionsNotifierStack', () => {
  it('schedules a poll of every source polled by default, with its own schedule expression', () => {
    const sources = allSourceDefinitions().filter((s) => s.polledByDefault !== false);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    expect(stack.deployedSources.map((s) => s.id)).not.toContain('us-ofac-sdn-csv');
    const schedules = template.findResources('AWS::Scheduler::Schedule', {
      Properties: { Target: { Input: Match.anyValue() } },
    });
    expect(Object.keys(schedules)).toHaveLength(sources.length);
    for (const source of sources) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: source.schedule,
        Target: Match.objectLike({ Input: JSON.stringify({ sourceId: source.id }) }),
      });
    }
  });

  it('schedules exactly what a local `poll`/`run` polls without --source (one rule for both runtimes)', () => {
    const local = sourcesToPoll().map((s) => s.id);
    expect(stack.deployedSources.map((s) => s.id).sort()).toEqual([...local].sort());
    // Notice feeds are polled by both; archive formats by neither unless named.
    expect(local).toEqual(expect.arrayContaining(['us-ofac-recent-actions', 'gb-ofsi-notices']));
    expect(local).not.toContain('us-ofac-sdn-csv');
    expect(local).not.toContain('gb-ofsi-conlist');
  });

  it('deploys only enabled sources and honours schedule overrides from context', () => {
    const { template: t } = synth({
      enabledSources: 'us-ofac-sdn,un-sc-consolidated,us-ofac-sdn-csv',
      schedules: { 'us-ofac-sdn': 'rate(5 minutes)' },
    });
    const schedules = Object.values(
      t.findResources('AWS::Scheduler::Schedule', { Properties: { Target: { Input: Match.anyValue() } } }),
    );
    // An archive-only source is deployed when named.
    expect(schedules).toHaveLength(3);
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Input: JSON.stringify({ sourceId: 'us-ofac-sdn' }) }),
    });
  });

  it("synthesises with cdk.json's own context (what `npx cdk synth` uses)", () => {
    const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
    expect(cdkJson['cli-telemetry']).toBe(false);
    const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const s = new SanctionsNotifierStack(app, 'FromCdkJson', { sources: allSourceDefinitions() });
    expect(() => app.synth()).not.toThrow();
    expect(s.deployedSources.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses unknown source ids in context', () => {
    expect(() => synth({ enabledSources: 'nope' })).toThrow(/unknown sources: nope/);
  });

  it('runs every Lambda on Node 22+ ARM64 with tracing and a log group with retention', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const ours = Object.values(functions).filter((f) => f.Properties?.Handler === 'index.handler');
    expect(ours.length).toBe(6);
    for (const fn of ours) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('tells the poll function every deployed schedule, for its health report', () => {
    const poll = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('Polls one'),
    );
    const schedules = JSON.parse(poll?.Properties.Environment.Variables.SOURCE_SCHEDULES);
    expect(Object.keys(schedules).sort()).toEqual(stack.deployedSources.map((s) => s.id).sort());
  });

  it('sends daily digests from a daily schedule', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(5 0 * * ? *)' });
  });

  it('keeps the poll function to one concurrent run', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Polls one official publication'),
      ReservedConcurrentExecutions: 1,
      Timeout: 300,
    });
  });

  it('has an on-demand table with PITR, TTL, GSI, deletion protection and retain policy by default', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('can be configured to destroy data on stack deletion', () => {
    const { template: t } = synth({ removalPolicy: 'destroy', deletionProtection: 'false' });
    t.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('archives publications in an encrypted, versioned, private, TLS-only bucket with a lifecycle', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: Match.anyValue() }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }] }),
        ]),
      },
      LoggingConfiguration: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the poll function read and write archive objects and tell a missing one (ListBucket) apart', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['s3:GetObject', 's3:PutObject'] }),
          Match.objectLike({ Action: 's3:ListBucket' }),
        ]),
      },
    });
  });

  it("lets the API function approve a held publication: the poll's configuration, archive reads only, the batch queue", () => {
    const logicalId = (path: string) =>
      stack.getLogicalId(
        stack.node.findChild(path.split('/')[0]!).node.findChild(path.split('/')[1]!).node
          .defaultChild as never,
      );
    const bucket = logicalId('PublicationArchive/Bucket');
    const batchQueue = logicalId('AlertDelivery/BatchQueue');
    const deliveryQueue = logicalId('AlertDelivery/DeliveryQueue');
    const topic = logicalId('OperatorAlerts/Topic');
    const [api] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Subscription management HTTP API') },
      }),
    );
    expect(api!.Properties).toMatchObject({ MemorySize: 1024, Timeout: 300 });
    expect(api!.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: logicalId('State/Table') },
      ARCHIVE_BUCKET: { Ref: bucket },
      BATCH_QUEUE_URL: { Ref: batchQueue },
      OPERATOR_TOPIC_ARN: { Ref: topic },
    });
    const role = api!.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const on = (action: string) =>
      statements.filter((st: { Action: string | string[] }) => [st.Action].flat().includes(action));
    expect(on('s3:GetObject').map((st) => st.Resource)).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] },
    ]);
    expect(on('s3:PutObject')).toEqual([]);
    expect(on('s3:ListBucket')).toEqual([]);
    expect(on('sqs:SendMessage').map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': [batchQueue, 'Arn'] }]);
    expect(JSON.stringify(statements)).not.toContain(deliveryQueue);
    expect(on('sns:Publish').map((st) => st.Resource)).toEqual([{ Ref: topic }]);
    for (const route of [
      'GET /admin/quarantine',
      'GET /admin/quarantine/{id}',
      'POST /admin/quarantine/{id}/approve',
      'POST /admin/quarantine/{id}/reject',
    ])
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route });
  });

  it('gives both queues dead-letter queues and consumes them with partial batch responses', () => {
    const queues = template.findResources('AWS::SQS::Queue', {
      Properties: { RedrivePolicy: Match.anyValue() },
    });
    expect(Object.keys(queues)).toHaveLength(2);
    for (const q of Object.values(queues)) expect(q.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
    expect(Object.keys(mappings)).toHaveLength(2);
    for (const m of Object.values(mappings))
      expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('sets up SES identity, configuration set and bounce/complaint events to the suppression handler', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'alerts@example.org' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'], Enabled: true }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
  });

  it('throttles the HTTP API and logs access', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /subscriptions' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /unsubscribe' });
    // The public pages go to the same function.
    for (const route of [
      'GET /',
      'GET /subscribe',
      'POST /subscribe',
      'POST /manage',
      'GET /changes',
      'GET /changes/{source}/{key}',
      'GET /entity/{key}',
    ])
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route });
  });

  it('sets on each function exactly the environment keys of its contract (functions/runtime/env.ts)', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const logicalIds: Record<FunctionName, string> = {
      poll: 'PollFunction',
      fanout: 'FanoutFunction',
      deliver: 'DeliverFunction',
      digest: 'DigestFunction',
      api: 'ApiFunction',
      'ses-events': 'SesEventsFunction',
    };
    for (const [fn, prefix] of Object.entries(logicalIds) as [FunctionName, string][]) {
      const matches = Object.entries(functions).filter(([id]) => id.startsWith(prefix));
      expect(matches, fn).toHaveLength(1);
      const keys = Object.keys(matches[0]![1].Properties.Environment.Variables).filter(
        (k) => !(BASE_ENV_KEYS as readonly string[]).includes(k),
      );
      expect(keys.sort(), fn).toEqual([...FUNCTION_ENV[fn]].sort());
    }
  });

  it('keeps secrets in Secrets Manager and only references to them in environments', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(2);
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const fn of functions) {
      const variables: Record<string, unknown> = fn.Properties.Environment?.Variables ?? {};
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value === 'string') {
          // Literal values are configuration, never key material.
          expect(value, name).not.toMatch(/^whsec_|[A-Za-z0-9+/]{32,}/);
        }
        if (name.endsWith('SECRET_ARN'))
          expect(Object.keys(secrets)).toContain((value as { Ref: string }).Ref);
      }
    }
  });

  it('alarms on sources without a recent successful poll, quarantines, dead letters and delivery errors, to the operator topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const sources = stack.deployedSources.length;
    expect(sources).toBeGreaterThanOrEqual(5);
    // stale sources (one alarm for all), quarantine, two dead-letter queues, delivery error rate
    expect(alarms).toHaveLength(1 + 1 + 2 + 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'StaleSources',
      TreatMissingData: 'breaching',
    });
    for (const a of alarms) expect(a.Properties.AlarmActions).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.event = "sources.health" }',
      MetricTransformations: [Match.objectLike({ MetricName: 'StaleSources', MetricValue: '$.staleCount' })],
    });
  });

  it('grants no wildcard actions and no resource "*" to our functions', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        expect(actions.some((a: string) => a === '*' || a.endsWith(':*'))).toBe(false);
        if (!actions.every((a: string) => a.startsWith('xray:'))) expect(statement.Resource).not.toBe('*');
      }
    }
  });
});
