import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One table holds everything (single-table design, see docs/store.md):
 *   pk (S), sk (S)            primary key; item families are told apart by key prefixes
 *   gsi1pk (S), gsi1sk (S)    GSI1, a secondary access path (e.g. deliveries by state, batches by time)
 *   expiresAt (N)             TTL attribute, epoch seconds, for items that may expire
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'expiresAt',
} as const;

export interface DynamoConfig {
  tableName: string;
  /** Set for DynamoDB Local, dynalite or the embedded store; absent on AWS. */
  endpoint?: string;
  region?: string;
  /**
   * The embedded store (dynalite on loopback, served by this process or another command on the same
   * data dir): requests carry a fixed, well-formed Authorization header instead of a SigV4 signature,
   * which dynalite checks for presence and form only. Saves hashing every request body and signing
   * it (a first load sends ~1,400 BatchWriteItem requests). Never for AWS or DynamoDB Local.
   */
  unsigned?: boolean;
}

/** Marks a request as signed without computing a signature (see `DynamoConfig.unsigned`). */
const UNSIGNED = {
  sign: async <R extends { headers: Record<string, string> }>(request: R): Promise<R> => {
    request.headers.authorization =
      'AWS4-HMAC-SHA256 Credential=local/20000101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=unsigned';
    request.headers['x-amz-date'] = '20000101T000000Z';
    return request;
  },
};

export function dynamoClients(config: DynamoConfig): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const options: DynamoDBClientConfig = { region: config.region ?? process.env.AWS_REGION ?? 'eu-west-2' };
  if (config.endpoint) {
    options.endpoint = config.endpoint;
    // Local engines accept any credentials; never look for real ones.
    options.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    if (config.unsigned) options.signer = UNSIGNED as unknown as DynamoDBClientConfig['signer'];
  }
  const client = new DynamoDBClient(options);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc };
}

/** Creates the table (on-demand, with GSI1 and TTL) when missing. For local engines only; on AWS the stack owns it. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (
      !(error instanceof ResourceNotFoundException) &&
      (error as Error).name !== 'ResourceNotFoundException'
    )
      throw error;
  }
  const { partitionKey, sortKey, gsi1 } = TABLE_KEYS;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        { AttributeName: sortKey, AttributeType: 'S' },
        { AttributeName: gsi1.partitionKey, AttributeType: 'S' },
        { AttributeName: gsi1.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: gsi1.name,
          KeySchema: [
            { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      }),
    );
  } catch {
    // dynalite does not implement TTL; expiry is then only advisory. DynamoDB Local and AWS accept it.
  }
}
