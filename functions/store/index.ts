/**
 * The store: every item family of the single table behind one object. See docs/store.md for the key
 * design and the access patterns. Works unchanged on AWS DynamoDB, DynamoDB Local and dynalite.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchStore } from './batches';
import type { TableRef } from './dynamo';
import { EntityStore } from './entities';
import { QuarantineStore } from './quarantine';
import { SnapshotStore } from './snapshots';
import { SourceStateStore } from './sources';

export interface Store {
  table: TableRef;
  snapshots: SnapshotStore;
  batches: BatchStore;
  sources: SourceStateStore;
  quarantine: QuarantineStore;
  entities: EntityStore;
}

export function createStore(doc: DynamoDBDocumentClient, tableName: string): Store {
  const table: TableRef = { doc, tableName };
  return {
    table,
    snapshots: new SnapshotStore(table),
    batches: new BatchStore(table),
    sources: new SourceStateStore(table),
    quarantine: new QuarantineStore(table),
    entities: new EntityStore(table),
  };
}
