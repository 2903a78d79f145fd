/** API Gateway HTTP API (payload v2) → the subscription API router. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FEED_SOURCES } from '../feeds/index';
import { atomResponse } from '../feeds/publish';
import { type ApiRequest, createApiRouter } from '../http/api';
import { awsKeys, awsStores } from '../runtime/aws';
import { sesChannel } from '../send/channels/email-ses';
import { deliverySettings, requireEnv } from '../send/config';
import { LIST_SOURCES } from '../sources/index';

const base = awsStores();
requireEnv(process.env, 'SENDER_EMAIL');
const keys = await awsKeys(process.env, { admin: true });
const email = sesChannel(new SESv2Client({}), process.env.SES_CONFIGURATION_SET);
let router: ReturnType<typeof createApiRouter> | undefined;

/** The API cannot be told its own URL by the stack (a cycle), so links use the host it was called on. */
function routerFor(event: APIGatewayProxyEventV2): ReturnType<typeof createApiRouter> {
  if (!router) {
    const publicBaseUrl = process.env.PUBLIC_BASE_URL || `https://${event.requestContext.domainName}`;
    const settings = deliverySettings({ ...process.env, PUBLIC_BASE_URL: publicBaseUrl }, { aws: true });
    router = createApiRouter({
      subscriptions: base.subscriptions,
      email,
      sender: settings.sender,
      publicBaseUrl: settings.publicBaseUrl,
      tokenKey: keys.tokenKey,
      adminToken: keys.adminToken,
      allowPrivateTargets: false,
      knownSources: [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)],
      now: Date.now,
      feeds: (path) =>
        atomResponse(base.store.batches, path, {
          sourceIds: [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)],
          baseUrl: `${settings.publicBaseUrl}/feeds/`,
        }),
    });
  }
  return router;
}

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

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await routerFor(event)(toApiRequest(event));
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
