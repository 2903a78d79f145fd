/** API Gateway HTTP API (payload v2) → the subscription API router (and the admin quarantine routes). */
import { awsApiApp } from '../runtime/aws/api';

export const handler = await awsApiApp();
