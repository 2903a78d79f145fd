/** API Gateway HTTP API (payload v2) → the subscription API router (and the admin quarantine routes). */
import { awsApp } from '../runtime/aws';

export const handler = await awsApp('api');
