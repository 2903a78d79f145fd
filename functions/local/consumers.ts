/**
 * Batch consumers attached to every local runtime the CLI and the demo open (`poll`, `run`,
 * `quarantine approve`, `npm run demo`). This is where local delivery plugs in: add a factory that
 * receives the runtime and returns a handler, e.g.
 *
 *   export const LOCAL_BATCH_CONSUMERS: LocalConsumerFactory[] = [
 *     (runtime) => createLocalDelivery(runtime).handleBatch,
 *   ];
 *
 * A handler must be idempotent by `batch.id`: a batch can be handed over again after a crash.
 */
import { localDeliveryConsumer } from './delivery';
import type { BatchHandler } from './queue';
import type { LocalRuntime } from './runtime';

export type LocalConsumerFactory = (runtime: LocalRuntime) => BatchHandler | Promise<BatchHandler>;

/** Delivery (issue 4) registers its local consumer here; until then batches are stored and listed by `history`. */
export const LOCAL_BATCH_CONSUMERS: LocalConsumerFactory[] = [localDeliveryConsumer];
