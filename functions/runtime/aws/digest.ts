/** The digest function's wiring: daily digests of the day that ended (or `{ "asOf": "<iso>" }` for a catch-up). */
import { runDigests } from '../../dispatch/digest';
import { awsStart, awsStores, deliveryQueueFromEnv } from './common';

export async function awsDigestApp(rawEnv: NodeJS.ProcessEnv = process.env) {
  const { env, logger } = awsStart('digest', rawEnv);
  const base = awsStores(env);
  const queue = deliveryQueueFromEnv(env);
  return async (event?: { asOf?: string } | null) => {
    const asOf = event?.asOf ? Date.parse(event.asOf) : undefined;
    if (asOf !== undefined && Number.isNaN(asOf)) throw new Error('event.asOf must be an ISO timestamp');
    const result = await runDigests(
      { deliveries: base.deliveries, queue, now: Date.now },
      asOf !== undefined ? { asOf } : {},
    );
    logger.info('digest', { ...result }); // counts only
    return result;
  };
}
