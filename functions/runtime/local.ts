/**
 * The local composition root: the CLI (`withRuntime` in functions/cli/common.ts) and `npm run demo`
 * open the application here. It is the embedded runtime of functions/local/runtime.ts (data dir,
 * dynalite store, folder archive, operator-alerts file, in-process batch queue) with local delivery
 * attached as the batch consumer (functions/local/consumers.ts), so a poll's batch reaches the
 * outbox, webhooks and Slack as it would through SQS on AWS.
 */
import { LOCAL_BATCH_CONSUMERS } from '../local/consumers';
import {
  type LocalRuntime,
  type LocalRuntimeOptions,
  openLocalRuntime,
  resolveDataDir,
} from '../local/runtime';

export type { LocalRuntime, LocalRuntimeOptions };
export { resolveDataDir };

/** Opens the local application; local delivery consumes batches unless `consumers` says otherwise. */
export function openLocalApp(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  return openLocalRuntime({ consumers: LOCAL_BATCH_CONSUMERS, ...options });
}
