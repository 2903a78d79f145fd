/**
 * fetchPublication against a loopback HTTP server and local files: unpacking, companions, caps,
 * timeouts. No DynamoDB involved.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, fetchPublication } from '../../functions/pipeline/fetch';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const SDN = enc('1,"A",-0- \r\n');
const ADD = enc('1,1,-0- \r\n');
const base = { format: 'csv', maxBytes: 1000, backoffMs: 1, sleep: async () => {} };

describe('fetchPublication', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/set.zip')
        res.end(zipSync({ 'sdn.csv': SDN, 'add.csv': ADD, 'readme.txt': enc('x') }));
      else if (req.url === '/sdn.csv.gz') res.end(gzipSync(SDN));
      else if (req.url === '/sdn.csv') res.end(SDN);
      else if (req.url === '/big') res.writeHead(200, { 'content-length': '5000' }).end(new Uint8Array(5000));
      else if (req.url === '/stream') {
        res.writeHead(200);
        for (let i = 0; i < 20; i++) res.write(new Uint8Array(100));
        res.end();
      } else if (req.url === '/stall') {
        res.writeHead(200);
        res.write('partial');
        // never ends: the idle timeout must stop the read
      } else if (req.url === '/gone') res.writeHead(410).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((ok) => server.close(() => ok()));
  });

  it('unpacks a zip, taking the publication and its companions from it', async () => {
    const got = await fetchPublication({
      ...base,
      url: `${url}/set.zip`,
      companions: [{ name: 'add.csv', url: `${url}/add.csv`, required: true }],
    });
    if (got.kind !== 'fetched') throw new Error(got.kind);
    expect(text(got.bytes)).toBe(text(SDN));
    expect(Object.keys(got.companions)).toEqual(['add.csv']);
    expect(got.packed?.encoding).toBe('zip:sdn.csv');
  });

  it('unpacks gzip, over HTTP and from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fetch-'));
    writeFileSync(join(dir, 'sdn.csv.gz'), gzipSync(SDN));
    writeFileSync(join(dir, 'add.csv'), ADD);
    const overHttp = await fetchPublication({ ...base, url: `${url}/sdn.csv.gz` });
    const fromFile = await fetchPublication({
      ...base,
      url: pathToFileURL(join(dir, 'sdn.csv.gz')).toString(),
      companions: [
        { name: 'add.csv', url: 'unused', required: false },
        { name: 'alt.csv', url: 'unused', required: false },
      ],
    });
    for (const got of [overHttp, fromFile]) {
      if (got.kind !== 'fetched') throw new Error(got.kind);
      expect(text(got.bytes)).toBe(text(SDN));
      expect(got.packed?.encoding).toBe('gzip');
    }
    expect(Object.keys((fromFile as { companions: object }).companions)).toEqual(['add.csv']);
  });

  it('fails when a required companion is missing, skips an optional one', async () => {
    const companion = (required: boolean) => [{ name: 'add.csv', url: `${url}/missing-add.csv`, required }];
    await expect(
      fetchPublication({ ...base, url: `${url}/sdn.csv`, companions: companion(true) }),
    ).rejects.toThrow(/HTTP 404/);
    const got = await fetchPublication({ ...base, url: `${url}/sdn.csv`, companions: companion(false) });
    expect(got.kind === 'fetched' && Object.keys(got.companions)).toEqual([]);
  });

  it('enforces the size cap on the declared length and while streaming', async () => {
    await expect(fetchPublication({ ...base, url: `${url}/big` })).rejects.toThrow(
      /5000 bytes, above the cap of 1000/,
    );
    await expect(fetchPublication({ ...base, url: `${url}/stream` })).rejects.toThrow(
      /exceeds the cap of 1000/,
    );
  });

  it('gives up on a stalled body after the idle timeout and the bounded attempts', async () => {
    const error = await fetchPublication({
      ...base,
      url: `${url}/stall`,
      idleTimeoutMs: 50,
      attempts: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/no data for 50 ms .*after 2 attempts/);
  });

  it('does not retry other 4xx and names the final status', async () => {
    const error = (await fetchPublication({ ...base, url: `${url}/gone` }).catch(
      (e: unknown) => e,
    )) as FetchError;
    expect(error.httpStatus).toBe(410);
    expect(error.message).toBe(`fetch ${url}/gone: HTTP 410 from 127.0.0.1`);
  });

  it('refuses unsupported schemes and missing files', async () => {
    await expect(fetchPublication({ ...base, url: 'ftp://example.org/x' })).rejects.toThrow(
      /unsupported URL scheme/,
    );
    await expect(fetchPublication({ ...base, url: 'file:///nonexistent/sdn.csv' })).rejects.toThrow(
      /no such file/,
    );
  });
});
