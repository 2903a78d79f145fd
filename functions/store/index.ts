/**
 * The store: the DynamoDB implementations of the repository ports over the single table, behind
 * one object. See docs/store.md for the key design and the access patterns. Works unchanged on AWS
 * DynamoDB, DynamoDB Local and dynalite. Only this folder (and the composition roots that hand it
 * a document client) sees the table.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchStore } from './batches';
import { DeliveryStore } from './deliveries';
import type { TableRef } from './dynamo';
import { EntityStore } from './entities';
import { NoticeStore } from './notices';
import { QuarantineStore } from './quarantine';
import { SnapshotStore } from './snapshots';
import { SourceStateStore } from './sources';
import { SubscriptionStore } from './subscriptions';

export interface Store {
  snapshots: SnapshotStore;
  batches: BatchStore;
  sources: SourceStateStore;
  quarantine: QuarantineStore;
  notices: NoticeStore;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  entities: EntityStore;
}

export function createStore(doc: DynamoDBDocumentClient, tableName: string): Store {
  const table: TableRef = { doc, tableName };
  return {
    snapshots: new SnapshotStore(table),
    batches: new BatchStore(table),
    sources: new SourceStateStore(table),
    quarantine: new QuarantineStore(table),
    notices: new NoticeStore(table),
    subscriptions: new SubscriptionStore(table),
    deliveries: new DeliveryStore(table),
    entities: new EntityStore(table),
  };
}
