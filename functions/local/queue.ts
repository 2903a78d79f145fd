/**
 * The local batch queue: in-process. `send` hands the batch to every registered consumer and
 * resolves when all of them have; if one throws, `send` rejects, the pipeline does not record the
 * emission, and the next poll sends the batch again. Consumers must therefore be idempotent by
 * `batch.id` (as on AWS, where SQS delivers at least once).
 */
import type { ChangeBatch } from '../core/changes';
import type { BatchQueue } from '../pipeline/ports';

export type BatchHandler = (batch: ChangeBatch) => Promise<void>;

export class InProcessBatchQueue implements BatchQueue {
  private readonly handlers = new Set<BatchHandler>();

  /** Registers a consumer; returns a function that removes it. */
  onBatch(handler: BatchHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async send(batch: ChangeBatch): Promise<void> {
    for (const handler of this.handlers) await handler(batch);
  }
}
