import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors';
import { readPollConfig } from '../../functions/pipeline/aws';

describe('poll handler configuration', () => {
  it('names every missing variable', () => {
    expect(() => readPollConfig({ TABLE_NAME: 't' })).toThrow(
      new ConfigError('missing configuration: ARCHIVE_BUCKET, BATCH_QUEUE_URL, OPERATOR_TOPIC_ARN'),
    );
  });

  it('reads a complete configuration', () => {
    expect(
      readPollConfig({
        TABLE_NAME: 't',
        ARCHIVE_BUCKET: 'b',
        BATCH_QUEUE_URL: 'https://q',
        OPERATOR_TOPIC_ARN: 'arn:t',
      }),
    ).toEqual({ tableName: 't', archiveBucket: 'b', batchQueueUrl: 'https://q', operatorTopicArn: 'arn:t' });
  });

  it('makes the Lambda module fail at cold start when configuration is missing', async () => {
    delete process.env.TABLE_NAME;
    await expect(import('../../functions/handlers/poll')).rejects.toThrow(
      /^poll function: environment variable TABLE_NAME is missing or empty$/,
    );
  });
});
