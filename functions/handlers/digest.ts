/**
 * EventBridge (daily schedule, shortly after 00:00 UTC) → one digest delivery job per daily
 * subscriber with pending parts of a day that has ended, on the delivery queue (the deliver
 * function sends it). Event ignored, except an optional `{ "asOf": "<iso>" }` for a manual catch-up.
 */
import { awsDigestApp } from '../runtime/aws/digest';

export const handler = await awsDigestApp();
