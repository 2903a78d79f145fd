/**
 * The entity index in the single table: one item per entry of a list, `pk=ENT#<source>`,
 * `sk=<publisher id>`, holding the compact entity record as JSON `r` (see
 * functions/core/entities/record.ts). Implements the pipeline's `EntityIndexRepository`.
 */
import type { EntityRecord } from '../core/entities/record';
import type { EntityIndexRepository } from '../pipeline/entities';
import { batchWriteAll, queryAll, queryPages, type TableRef, type WriteOp } from './dynamo';
import { entityKey, entityPk } from './keys';

export class EntityStore implements EntityIndexRepository {
  constructor(private readonly table: TableRef) {}

  async load(sources: readonly string[]): Promise<EntityRecord[]> {
    const out: EntityRecord[] = [];
    for (const source of sources) {
      await queryPages(
        this.table,
        {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': entityPk(source) },
          ProjectionExpression: 'r',
        },
        (items) => {
          for (const item of items) out.push(JSON.parse(item.r as string) as EntityRecord);
        },
      );
    }
    return out;
  }

  async ids(source: string): Promise<string[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': entityPk(source) },
      ProjectionExpression: 'sk',
    });
    return items.map((i) => i.sk as string);
  }

  async apply(source: string, puts: readonly EntityRecord[], deletes: readonly string[]): Promise<number> {
    const ops: WriteOp[] = [
      ...puts.map((r) => ({ put: { ...entityKey(source, r.id), r: JSON.stringify(r) } })),
      ...deletes.map((id) => ({ delete: entityKey(source, id) })),
    ];
    await batchWriteAll(this.table, ops);
    return ops.length;
  }
}
