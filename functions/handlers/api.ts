/** API Gateway HTTP API (payload v2) → the subscription API router. */
import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiRouter } from '../http/api';
import { awsPollDeps, readPollConfig } from '../pipeline/aws';
import { awsApiRouter, awsKeys, awsStores, toApiRequest } from '../runtime/aws';
import { sesChannel } from '../send/channels/email-ses';
import { requireEnv } from '../send/config';

const base = awsStores();
requireEnv(process.env, 'SENDER_EMAIL');
const logger = new Logger({ serviceName: 'sanctions-notifier', persistentKeys: { handler: 'api' } });
// Approving a held publication runs the poll pipeline here (archive, batch queue, operator alerts).
const pollDeps = awsPollDeps(readPollConfig(), {
  store: base.store,
  log: ({ level, message, ...fields }) => logger[level](message, fields),
});
const keys = await awsKeys(process.env, { admin: true });
const email = sesChannel(new SESv2Client({}), process.env.SES_CONFIGURATION_SET);
let router: ApiRouter | undefined;

function routerFor(event: APIGatewayProxyEventV2): ApiRouter {
  router ??= awsApiRouter({ base, keys, email, pollDeps }, event.requestContext.domainName);
  return router;
}

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await routerFor(event)(toApiRequest(event));
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
