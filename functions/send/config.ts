/**
 * Delivery configuration: environment (read once by handlers and the local runtime) and the HMAC
 * keys (Secrets Manager on AWS, a key file in the data dir locally). The signed links that go
 * into emails are in functions/subscriptions/links.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../core/errors';

export interface DeliveryKeys {
  /** HMAC key of unsubscribe / manage / confirm tokens. */
  tokenKey: string;
  /** Bearer credential of the admin endpoints. */
  adminToken: string;
}

export interface DeliverySettings {
  sender: string;
  publicBaseUrl: string;
  allowPrivateTargets: boolean;
  sesConfigurationSet?: string;
  smtpUrl?: string;
}

export const LOCAL_BASE_URL = 'http://127.0.0.1:8787';
export const LOCAL_SENDER = 'alerts@sanctions-notifier.invalid';

/** Settings from the environment. `aws`: the sender and public base URL are required. */
export function deliverySettings(env: NodeJS.ProcessEnv, options: { aws: boolean }): DeliverySettings {
  const sender = env.SENDER_EMAIL?.trim() || (options.aws ? undefined : LOCAL_SENDER);
  const base = env.PUBLIC_BASE_URL?.trim() || (options.aws ? undefined : LOCAL_BASE_URL);
  if (!sender) throw new ConfigError('SENDER_EMAIL is not set');
  if (!base) throw new ConfigError('PUBLIC_BASE_URL is not set');
  try {
    new URL(base);
  } catch {
    throw new ConfigError('PUBLIC_BASE_URL is not a URL');
  }
  const allow = env.ALLOW_PRIVATE_WEBHOOK_TARGETS?.trim();
  if (allow && allow !== 'true' && allow !== 'false') {
    throw new ConfigError('ALLOW_PRIVATE_WEBHOOK_TARGETS must be true or false');
  }
  return {
    sender,
    publicBaseUrl: base.replace(/\/+$/, ''),
    allowPrivateTargets: allow === 'true',
    ...(env.SES_CONFIGURATION_SET ? { sesConfigurationSet: env.SES_CONFIGURATION_SET } : {}),
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
  };
}

/** Reads a required variable or throws a `ConfigError` naming it. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}

/** A secret's JSON holding `tokenKey` (at least 32 characters). */
export function parseTokenKey(json: string, where: string): string {
  let parsed: { tokenKey?: unknown };
  try {
    parsed = JSON.parse(json) as { tokenKey?: unknown };
  } catch {
    throw new ConfigError(`${where} is not JSON`);
  }
  if (typeof parsed.tokenKey !== 'string' || parsed.tokenKey.length < 32) {
    throw new ConfigError(`${where} must hold tokenKey (at least 32 characters)`);
  }
  return parsed.tokenKey;
}

/** The local key file's JSON: `{ "tokenKey": "...", "adminToken": "..." }` (each ≥ 32 characters). */
export function parseKeys(json: string, where: string): DeliveryKeys {
  let parsed: Partial<DeliveryKeys>;
  try {
    parsed = JSON.parse(json) as Partial<DeliveryKeys>;
  } catch {
    throw new ConfigError(`${where} is not JSON`);
  }
  for (const name of ['tokenKey', 'adminToken'] as const) {
    if (typeof parsed[name] !== 'string' || parsed[name].length < 32) {
      throw new ConfigError(`${where} must hold ${name} (at least 32 characters)`);
    }
  }
  return { tokenKey: parsed.tokenKey!, adminToken: parsed.adminToken! };
}

/**
 * Local keys: `<data-dir>/delivery-keys.json`, created with fresh random keys (mode 0600) on first
 * use, so unsubscribe links keep working across restarts.
 */
export async function localKeys(dataDir: string): Promise<DeliveryKeys> {
  const file = join(dataDir, 'delivery-keys.json');
  try {
    return parseKeys(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys: DeliveryKeys = {
    tokenKey: randomBytes(32).toString('base64url'),
    adminToken: randomBytes(32).toString('base64url'),
  };
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return parseKeys(await readFile(file, 'utf8'), file);
    throw error;
  }
  return keys;
}
