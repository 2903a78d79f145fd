/**
 * Batch consumers the CLI and the demo attach to the local runtimes they open (`poll`, `run`,
 * `quarantine approve`, `npm run demo`): `openLocalRuntime({ consumers: LOCAL_BATCH_CONSUMERS })`.
 * A consumer is a factory that receives the open runtime and returns a handler, which must be
 * idempotent by `batch.id`: a batch can be handed over again after a crash.
 */
import { deliverySettings, localKeys } from '../send/config';
import type { BatchHandler, LocalConsumerFactory } from './runtime';

/**
 * Local delivery: fans each emitted batch out to the matching subscribers and delivers it now. The
 * settings and the delivery keys are checked (and the keys created) when the runtime opens, as
 * before; the delivery modules (fan-out, rendering, channels, worker) are loaded when the first
 * batch arrives, so a poll that emits nothing (an unchanged list) never loads them.
 */
const localDelivery: LocalConsumerFactory = async (runtime) => {
  deliverySettings(process.env, { aws: false });
  await localKeys(runtime.dataDir);
  let handler: Promise<BatchHandler> | undefined;
  return async (batch) => {
    handler ??= import('./delivery').then((m) => m.localDeliveryConsumer(runtime));
    try {
      await (await handler)(batch);
    } catch (error) {
      // A handler that failed to start is built again for the next batch (the batch is sent again).
      if (
        !(await handler.then(
          () => true,
          () => false,
        ))
      )
        handler = undefined;
      throw error;
    }
  };
};

export const LOCAL_BATCH_CONSUMERS: LocalConsumerFactory[] = [localDelivery];
