import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ProjectFunction } from './project-function';

export interface SubscriptionApiProps {
  handler: ProjectFunction;
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** Routes: public self-service (token-protected) and admin (bearer secret checked in the handler). */
export const API_ROUTES: { path: string; methods: HttpMethod[] }[] = [
  { path: '/subscriptions', methods: [HttpMethod.POST] },
  { path: '/confirm', methods: [HttpMethod.GET] },
  { path: '/unsubscribe', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/manage', methods: [HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST] },
  // The public pages (server-rendered HTML; forms CSRF-protected in the handler).
  { path: '/', methods: [HttpMethod.GET] },
  { path: '/subscribe', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/changes', methods: [HttpMethod.GET] },
  { path: '/changes/{source}/{key}', methods: [HttpMethod.GET] },
  { path: '/entity/{key}', methods: [HttpMethod.GET] },
  { path: '/feeds/{proxy+}', methods: [HttpMethod.GET] },
  { path: '/admin/subscriptions', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/admin/subscriptions/{id}', methods: [HttpMethod.GET, HttpMethod.DELETE] },
  { path: '/admin/quarantine', methods: [HttpMethod.GET] },
  { path: '/admin/quarantine/{id}', methods: [HttpMethod.GET] },
  { path: '/admin/quarantine/{id}/approve', methods: [HttpMethod.POST] },
  { path: '/admin/quarantine/{id}/reject', methods: [HttpMethod.POST] },
];

/** API Gateway HTTP API for subscription management, throttled, with JSON access logs. */
export class SubscriptionApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: SubscriptionApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      description: 'sanctions-notifier subscriptions',
    });
    const integration = new HttpLambdaIntegration('Handler', props.handler, {
      timeout: Duration.seconds(29),
    });
    for (const route of API_ROUTES)
      this.api.addRoutes({ path: route.path, methods: route.methods, integration });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      stageName: '$default',
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
          }),
        ),
      },
    });
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
