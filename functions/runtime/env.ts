/**
 * The environment contract of each Lambda function: the keys the stack sets (lib/constructs/
 * project-function.ts refuses any other key and fails the synth on a missing one) and the handler
 * reads once at cold start (`readFunctionEnv`). A missing key fails the cold start with one line
 * naming the function and the key. Shared by lib/ and functions/runtime/aws.ts; no I/O here.
 */
import { z } from 'zod';
import { ConfigError } from '../core/errors';

const TABLE = ['TABLE_NAME'] as const;
const EMAIL = ['SENDER_EMAIL', 'SES_CONFIGURATION_SET'] as const;
const POLL = [...TABLE, 'ARCHIVE_BUCKET', 'BATCH_QUEUE_URL', 'OPERATOR_TOPIC_ARN'] as const;

/** Per function (named as its handler file in functions/handlers/), the keys the stack sets. */
export const FUNCTION_ENV = {
  poll: [...POLL, 'SOURCE_SCHEDULES', 'MISSED_POLL_INTERVALS'],
  fanout: [...TABLE, 'DELIVERY_QUEUE_URL'],
  deliver: [...TABLE, ...EMAIL, 'DELIVERY_QUEUE_URL', 'SECRET_ARN', 'OPERATOR_TOPIC_ARN', 'PUBLIC_BASE_URL'],
  digest: [...TABLE, 'DELIVERY_QUEUE_URL'],
  api: [...POLL, ...EMAIL, 'SECRET_ARN', 'ADMIN_SECRET_ARN'],
  'ses-events': [...TABLE],
} as const satisfies Record<string, readonly string[]>;

/**
 * Read when present, never set by the stack: another DynamoDB engine (tests) and the API's public
 * URL (the stack cannot tell the API its own URL, a cycle: links use the host it was called on).
 */
export const OPTIONAL_ENV = ['DYNAMODB_ENDPOINT', 'PUBLIC_BASE_URL'] as const;

export type FunctionName = keyof typeof FUNCTION_ENV;
export type FunctionEnv<F extends FunctionName> = Record<(typeof FUNCTION_ENV)[F][number], string> &
  Partial<Record<(typeof OPTIONAL_ENV)[number], string>>;

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTION_ENV, name);
}

/** The function's environment, checked once at cold start; a `ConfigError` naming the function and the key. */
export function readFunctionEnv<F extends FunctionName>(
  fn: F,
  env: NodeJS.ProcessEnv = process.env,
): FunctionEnv<F> {
  const value = z.string().trim().min(1);
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  const optional = z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined);
  for (const key of OPTIONAL_ENV) shape[key] = optional;
  for (const key of FUNCTION_ENV[fn]) shape[key] = value;
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const key = String(parsed.error.issues[0]?.path[0] ?? '?');
    throw new ConfigError(`${fn} function: environment variable ${key} is missing or empty`);
  }
  return parsed.data as FunctionEnv<F>;
}
