import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { dynamoClients, ensureTable } from '../../functions/store/table';

describe.each(inject('dynamoEngines'))('DynamoDB API engine $name', ({ endpoint }) => {
  it('creates the single table when missing, and is idempotent', async () => {
    const { client } = dynamoClients({ tableName: 'engine-check', endpoint });
    await ensureTable(client, 'engine-check');
    await ensureTable(client, 'engine-check');
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toContain('engine-check');
  });
});
