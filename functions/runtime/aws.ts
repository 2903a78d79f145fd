/**
 * The AWS composition root: every Lambda handler asks its function's wiring once at cold start for
 * its use case, built from the AWS adapters. Each function's wiring is its own module
 * (`functions/runtime/aws/<function>.ts`, sharing `aws/common.ts`) and each handler imports only its
 * own, so a function's bundle holds only its own adapters (see BENCHMARKS.md, Lambda cold start).
 * The function's environment contract (functions/runtime/env.ts) is read first (a `ConfigError`
 * naming the function and the key when one is missing); then the HMAC keys from Secrets Manager,
 * SES v2 for email, SQS for jobs, SNS for operator alerts, the API's router. AWS SDK clients are
 * built here and in the adapters only. Logs go through the Powertools Logger: ids and counts, never
 * addresses, targets, list data or keys.
 *
 * `awsApp(<function>)` builds any function by name, loading only that function's wiring (a dynamic
 * `import()`); handlers import their own module directly so bundlers see only it.
 */
import type { FunctionName } from './env';

export { type AwsApiParts, awsApiApp, awsApiRouter, toApiRequest } from './aws/api';
export { type AwsDelivery, awsKeys, awsStores, deliveryQueueFromEnv } from './aws/common';

const APPS = {
  poll: async () => (await import('./aws/poll')).awsPollApp,
  fanout: async () => (await import('./aws/fanout')).awsFanoutApp,
  deliver: async () => (await import('./aws/deliver')).awsDeliverApp,
  digest: async () => (await import('./aws/digest')).awsDigestApp,
  api: async () => (await import('./aws/api')).awsApiApp,
  'ses-events': async () => (await import('./aws/ses-events')).awsSesEventsApp,
} satisfies Record<FunctionName, () => Promise<(env: NodeJS.ProcessEnv) => Promise<unknown>>>;

export type AwsApp<F extends FunctionName> = Awaited<ReturnType<Awaited<ReturnType<(typeof APPS)[F]>>>>;

/**
 * The use case of one Lambda function, built once at cold start from the AWS adapters, after its
 * environment contract is checked. Each function has only its own environment, so the root builds
 * the one it is asked for.
 */
export async function awsApp<F extends FunctionName>(
  fn: F,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AwsApp<F>> {
  const build = (await APPS[fn]()) as (env: NodeJS.ProcessEnv) => Promise<AwsApp<F>>;
  return build(env);
}
