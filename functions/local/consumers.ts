/**
 * Batch consumers the CLI and the demo attach to the local runtimes they open (`poll`, `run`,
 * `quarantine approve`, `npm run demo`): `openLocalRuntime({ consumers: LOCAL_BATCH_CONSUMERS })`.
 * A consumer is a factory that receives the open runtime and returns a handler, which must be
 * idempotent by `batch.id`: a batch can be handed over again after a crash.
 */
import { localDeliveryConsumer } from './delivery';
import type { LocalConsumerFactory } from './runtime';

/** Local delivery: fans each emitted batch out to the matching subscribers and delivers it now. */
export const LOCAL_BATCH_CONSUMERS: LocalConsumerFactory[] = [localDeliveryConsumer];
