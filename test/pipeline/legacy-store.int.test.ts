/**
 * Stores written before batch keys (batches keyed by the bare publication sha256, the pending batch
 * marked by `pendingSha256`) stay readable: a legacy batch left pending is finished and emitted
 * under its old id, its history reads back, and the next batch of the same source gets a new key.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { contentHash } from '../../functions/core/canonical';
import { changeSubject } from '../../functions/core/changes';
import { diffPublications } from '../../functions/core/diff';
import { sha256Hex } from '../../functions/core/source';
import { pollSource } from '../../functions/pipeline/poll';
import { listSource } from '../../functions/sources/index';
import { HAVE_REALDATA, readReal, realPath } from '../support/realdata';
import { harness } from './harness';

const UN = 'un-sc-consolidated';
const url = (file: string) => pathToFileURL(realPath('un-consolidated', file)).toString();

describe.skipIf(!HAVE_REALDATA)('a store written before batch keys', () => {
  it('finishes a legacy pending batch under its old id, reads its history, then keys new batches', async () => {
    const endpoint = inject('dynamoEngines').find((e) => e.name === 'dynalite')!.endpoint;
    const h = await harness(endpoint);
    expect(await pollSource(h.deps, UN, { url: url('2017-06-30.xml') })).toMatchObject({ kind: 'baseline' });

    // What the earlier version wrote for 2017-07-03 before it crashed: a batch keyed by the sha256
    // (no `key` attribute) and the source state pointing at it by `pendingSha256`.
    const src = listSource(UN);
    const before = src.parse(readReal('un-consolidated', '2017-06-30.xml'));
    const after = src.parse(readReal('un-consolidated', '2017-07-03.xml'));
    const sha = sha256Hex(readReal('un-consolidated', '2017-07-03.xml'));
    const pure = diffPublications(before, after);
    const index = await h.store.snapshots.readIndex(UN);
    const afterIds = new Set(after.entries.map((e) => e.id));
    const { header } = await h.store.batches.write(
      {
        source: UN,
        sha256: sha,
        sourceKind: 'list',
        url: src.definition.url,
        detectedAt: h.deps.now().toISOString(),
        publication: {
          records: after.entries.length,
          sha256: sha,
          ...(after.meta.published ? { published: after.meta.published } : {}),
        },
        summary: pure.summary,
        materialChanges: pure.changes.filter((c) => c.material).length,
        fetch: { fetchedFrom: url('2017-07-03.xml'), files: { main: sha } },
      },
      pure.changes.map((c) => {
        const d = (c.kind === 'removed' ? before : after).entries.find((e) => e.id === c.id)!;
        return { ...c, subject: changeSubject(d) };
      }),
      {
        puts: after.entries
          .filter((e) => index.get(e.id) !== contentHash(e))
          .map((e) => ({ entry: e, hash: contentHash(e) })),
        deletes: [...index.keys()].filter((id) => !afterIds.has(id)),
      },
    );
    expect(header.id).toBe(`${UN}:${sha}`);
    expect(header.key).toBeUndefined();
    await h.store.sources.transition(await h.store.sources.get(UN), { pendingSha256: sha });

    expect(await pollSource(h.deps, UN, { url: url('2017-07-03.xml') })).toMatchObject({
      kind: 'unchanged',
      resumed: { id: `${UN}:${sha}` },
    });
    expect(h.received()).toEqual([`${UN}:${sha}`]);
    expect(h.sent[0]!.summary).toEqual({ added: 0, removed: 3, amended: 0 });
    const state = await h.store.sources.get(UN);
    expect(state.pendingSha256).toBeUndefined();
    expect(state.lastSha256).toBe(sha);
    const snapshot = await h.store.snapshots.readIndex(UN);
    expect(snapshot.size).toBe(after.entries.length);
    expect((await h.store.batches.get(UN, sha))?.changes.map((c) => c.id).sort()).toEqual(
      pure.changes.map((c) => c.id).sort(),
    );

    // A later batch of the same source is keyed by (sha256, state version) and listed after it.
    const redated = readReal('un-consolidated', '2017-06-30.xml')
      .toString('utf8')
      .replace(/dateGenerated="[^"]*"/, 'dateGenerated="2017-07-05T00:00:00.000Z"');
    const file = `${h.tmp}/redated.xml`;
    writeFileSync(file, redated);
    const outcome = await pollSource(h.deps, UN, { url: pathToFileURL(file).toString() });
    expect(outcome).toMatchObject({
      kind: 'changed',
      batch: { summary: { added: 3, removed: 0, amended: 0 } },
    });
    const listed = await h.store.batches.list(UN);
    expect(listed.map((b) => b.status)).toEqual(['baseline', 'emitted', 'emitted']);
    expect(listed[1]!.id).toBe(`${UN}:${sha}`);
    expect(listed[2]!.id).toMatch(new RegExp(`^${UN}:[0-9a-f]{64}\\.\\d+$`));
  });
});
