/** The API function's wiring: the router, built on the first request (links use the host it was called on). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FEED_SOURCES } from '../../feeds/index';
import { atomResponse } from '../../feeds/publish';
import { type ApiRequest, type ApiRouter, createApiRouter } from '../../http/api';
import { awsPollDeps, readPollConfig } from '../../pipeline/aws';
import type { PollDeps } from '../../pipeline/ports';
import { quarantineAdmin } from '../../pipeline/quarantine-admin';
import { sesChannel } from '../../send/channels/email-ses';
import type { EmailChannel } from '../../send/channels/types';
import { type DeliveryKeys, deliverySettings } from '../../send/config';
import { LIST_SOURCES } from '../../sources/index';
import { storeSiteRepository } from '../../store/site';
import { type AwsDelivery, awsKeys, awsStart, awsStores } from './common';

export interface AwsApiParts {
  base: AwsDelivery;
  keys: DeliveryKeys;
  /** Confirmation emails (SES). */
  email: EmailChannel;
  /** The poll pipeline's dependencies (`awsPollDeps`): the admin quarantine routes approve with them. */
  pollDeps: PollDeps;
}

/**
 * The API Lambda's router: subscriptions, feeds and the admin routes, quarantine included. The
 * stack cannot tell the API its own URL (a cycle), so without `PUBLIC_BASE_URL` links use the host
 * it was called on.
 */
export function awsApiRouter(parts: AwsApiParts, domainName: string, env = process.env): ApiRouter {
  const publicBaseUrl = env.PUBLIC_BASE_URL || `https://${domainName}`;
  const settings = deliverySettings({ ...env, PUBLIC_BASE_URL: publicBaseUrl }, { aws: true });
  const sourceIds = [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)];
  return createApiRouter({
    subscriptions: parts.base.subscriptions,
    email: parts.email,
    sender: settings.sender,
    publicBaseUrl: settings.publicBaseUrl,
    tokenKey: parts.keys.tokenKey,
    adminToken: parts.keys.adminToken,
    allowPrivateTargets: false,
    knownSources: sourceIds,
    now: Date.now,
    site: storeSiteRepository(parts.base.store),
    entities: parts.base.store.entities,
    quarantine: quarantineAdmin(parts.pollDeps),
    feeds: (path) =>
      atomResponse(parts.base.store.batches, path, {
        sourceIds,
        baseUrl: `${settings.publicBaseUrl}/feeds/`,
      }),
  });
}

/** An API Gateway HTTP API (payload v2) event as the router's request. */
export function toApiRequest(event: APIGatewayProxyEventV2): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const body =
    event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: { ...(event.queryStringParameters ?? {}) },
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(event.requestContext.http.sourceIp ? { clientIp: event.requestContext.http.sourceIp } : {}),
  };
}

export async function awsApiApp(rawEnv: NodeJS.ProcessEnv = process.env) {
  const { env, logger } = awsStart('api', rawEnv);
  const base = awsStores(env);
  // Approving a held publication runs the poll pipeline here (archive, batch queue, operator alerts).
  const pollDeps = awsPollDeps(readPollConfig(env), {
    store: base.store,
    log: ({ level, message, ...fields }) => logger[level](message, fields),
  });
  const keys = await awsKeys(env, { admin: true });
  const email = sesChannel(new SESv2Client({}), env.SES_CONFIGURATION_SET);
  let router: ApiRouter | undefined;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    router ??= awsApiRouter({ base, keys, email, pollDeps }, event.requestContext.domainName, env);
    const response = await router(toApiRequest(event));
    return { statusCode: response.status, headers: response.headers, body: response.body };
  };
}
