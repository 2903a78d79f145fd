/**
 * The unchanged short-circuit: a publication whose bytes hash (while being read) to the accepted
 * one is recognised before anything else happens — nothing archived, parsed, diffed or sent — and a
 * publication that differs by one byte goes the whole way.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { ListSource } from '../../functions/core/source';
import { pollSource } from '../../functions/pipeline/poll';
import { listSource } from '../../functions/sources/index';
import { harness } from './harness';

const UN = 'un-sc-consolidated';
const FIXTURE = join(import.meta.dirname, '../fixtures/un-sc-consolidated/compact.xml');

describe.each(inject('dynamoEngines'))('unchanged poll ($name)', ({ endpoint }) => {
  it('is decided from the hashes alone: no archive write, no parse; one byte more and it is parsed again', async () => {
    let parses = 0;
    const real = listSource(UN);
    // The real parser, counted: the short-circuit must not reach it. Bounds fit the small fixture.
    const counted: ListSource = {
      definition: { ...real.definition, recordBounds: { min: 1, max: 5000 } },
      parse: (bytes, options) => {
        parses++;
        return real.parse(bytes, options);
      },
    };
    const h = await harness(endpoint, { source: (id) => (id === UN ? counted : listSource(id)) });
    const file = join(h.tmp, 'consolidated.xml');
    writeFileSync(file, readFileSync(FIXTURE));
    const url = pathToFileURL(file).toString();
    expect((await pollSource(h.deps, UN, { url })).kind).toBe('baseline');
    expect(parses).toBe(1);

    // With the archive gone, an unchanged poll that archived first would write it again.
    const archive = join(h.tmp, 'archive');
    rmSync(archive, { recursive: true, force: true });
    const again = await pollSource(h.deps, UN, { url });
    expect(again.kind).toBe('unchanged');
    expect(parses).toBe(1);
    expect(existsSync(archive)).toBe(false);
    expect(h.sent).toHaveLength(0);
    expect((await h.store.sources.get(UN)).lastOutcome).toBe('unchanged');

    // Layout-only difference (a trailing newline): a new publication, archived and parsed, no change.
    writeFileSync(file, `${readFileSync(FIXTURE, 'utf8')}\n`);
    const relaid = await pollSource(h.deps, UN, { url });
    expect(relaid.kind).not.toBe('unchanged');
    expect(parses).toBe(2);
    expect(existsSync(archive)).toBe(true);
    expect(h.sent).toHaveLength(0);
  });
});
