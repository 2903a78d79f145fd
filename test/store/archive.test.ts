import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../functions/core/source';
import { FolderArchive } from '../../functions/store/archive';

describe('FolderArchive', () => {
  it('stores each distinct publication once under its sha256 and keeps the first fetch facts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'archive-'));
    const archive = new FolderArchive(dir);
    const bytes = new TextEncoder().encode('<list/>');
    const meta = {
      source: 's',
      role: 'main' as const,
      fetchedFrom: 'https://a/list',
      fetchedAt: '2024-01-01T00:00:00Z',
    };
    const first = await archive.put(bytes, meta);
    const second = await archive.put(bytes, { ...meta, fetchedFrom: 'https://b/list' });
    expect(first).toMatchObject({ created: true, sha256: sha256Hex(bytes) });
    expect(second.created).toBe(false);
    const got = await archive.get(first.sha256);
    expect(Buffer.from(got!.bytes).toString()).toBe('<list/>');
    expect(got!.meta).toMatchObject({ fetchedFrom: 'https://a/list', bytes: 7, sha256: first.sha256 });
    expect(await archive.get('0'.repeat(64))).toBeUndefined();
    expect(readdirSync(join(dir, first.sha256.slice(0, 2))).sort()).toEqual([
      first.sha256,
      `${first.sha256}.json`,
    ]);
  });
});
