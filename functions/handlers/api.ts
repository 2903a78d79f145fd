/** API Gateway HTTP API (payload v2) → the subscription API router. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ApiRequest, createApiRouter } from '../delivery/api';
import { awsKeys, awsStores } from '../delivery/aws';
import { sesChannel } from '../delivery/channels/email-ses';
import { deliverySettings } from '../delivery/config';
import { LIST_SOURCES } from '../sources/index';

const base = awsStores();
const settings = deliverySettings(process.env, { aws: true });
const keys = await awsKeys();
const router = createApiRouter({
  subscriptions: base.subscriptions,
  email: sesChannel(new SESv2Client({}), settings.sesConfigurationSet),
  sender: settings.sender,
  publicBaseUrl: settings.publicBaseUrl,
  tokenKey: keys.tokenKey,
  adminToken: keys.adminToken,
  allowPrivateTargets: false,
  knownSources: Object.keys(LIST_SOURCES),
  now: Date.now,
});

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
  };
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await router(toApiRequest(event));
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
