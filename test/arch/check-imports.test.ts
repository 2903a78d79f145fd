import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, violations } from '../../scripts/check-imports';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the import rules', () => {
  it('given a circle, a pure module doing I/O and an SDK client in a use case, when checked, then each is reported', () => {
    const root = tree({
      'functions/a/x.ts': "import { y } from './y';\nexport const x = 1;\n",
      'functions/a/y.ts': "import { x } from './x';\nexport const y = 2;\n",
      'functions/core/p.ts': "import { readFileSync } from 'node:fs';\nimport { x } from '../a/x';\n",
      'functions/pipeline/use.ts': "import { SQSClient } from '@aws-sdk/client-sqs';\n",
      'functions/store/ok.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n",
    });
    expect(violations(root).sort()).toEqual([
      'AWS SDK outside the store and AWS adapters: functions/pipeline/use.ts → @aws-sdk/client-sqs',
      'import circle: functions/a/x.ts ↔ functions/a/y.ts',
      'pure module does I/O: functions/core/p.ts → node:fs',
      'pure module imports the rest: functions/core/p.ts → functions/a/x.ts',
    ]);
  });

  it('given a use case reaching for the table, its keys or the document client, when checked, then each is reported; the store, the roots and the AWS adapters may', () => {
    const root = tree({
      'functions/store/dynamo.ts': 'export const d = 1;\n',
      'functions/store/table.ts': 'export const t = 1;\n',
      'functions/store/keys.ts': 'export const k = 1;\n',
      'functions/store/index.ts': "import { d } from './dynamo';\nimport { k } from './keys';\n",
      'functions/feeds/use.ts':
        "import { d } from '../store/dynamo';\nimport { k } from '../store/keys';\nimport { index } from '../store/index';\n",
      'functions/cli/cmd.ts':
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nimport { t } from '../store/table';\n",
      'functions/runtime/aws.ts': "import { t } from '../store/table';\n",
      'functions/pipeline/aws.ts': "import { t } from '../store/table';\n",
      'functions/local/runtime.ts': "import { t } from '../store/table';\n",
    });
    expect(violations(root).sort()).toEqual([
      'AWS SDK outside the store and AWS adapters: functions/cli/cmd.ts → @aws-sdk/lib-dynamodb',
      'store internals outside the store: functions/cli/cmd.ts → @aws-sdk/lib-dynamodb',
      'store internals outside the store: functions/cli/cmd.ts → functions/store/table.ts',
      'store internals outside the store: functions/feeds/use.ts → functions/store/dynamo.ts',
      'store internals outside the store: functions/feeds/use.ts → functions/store/keys.ts',
    ]);
  });

  it('given a clean tree, when checked, then nothing is reported and a listed exception that no longer occurs is', () => {
    const root = tree({
      'functions/core/a.ts': "import { createHash } from 'node:crypto';\nimport { b } from './b';\n",
      'functions/core/b.ts': 'export const b = 1;\n',
    });
    expect(check(root, {})).toMatchObject({ fresh: [], stale: [] });
    expect(check(root, { 'import circle: gone': 'was fixed' }).stale).toEqual(['import circle: gone']);
  });

  it('holds for this repository: no violation beyond the listed exceptions, none of them stale', () => {
    const { fresh, stale } = check();
    expect(fresh).toEqual([]);
    expect(stale).toEqual([]);
  });
});
