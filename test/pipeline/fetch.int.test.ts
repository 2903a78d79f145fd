/**
 * fetchPublication against a loopback HTTP server and local files: unpacking, companions, caps,
 * timeouts. No DynamoDB involved.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { gzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FetchError,
  fetchPublication,
  registrableDomain,
  samePublisher,
} from '../../functions/pipeline/fetch';
import { slackChannel } from '../../functions/send/channels/slack-http';
import { webhookChannel } from '../../functions/send/channels/webhook-http';
import { startReceiver } from '../delivery/servers';
import { freePort, PROXY_VARS_CLEARED, startForwardProxy, withEnv } from '../support/proxy';

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

  it('held: a zip whose header understates an entry is refused, not cut to the stated size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fetch-zip-'));
    const zip = zipSync({ 'sdn.csv': new Uint8Array(800).fill(65) });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    view.setUint32(22, 500, true); // the local header's uncompressed size
    for (let i = zip.length - 22; i > 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 500, true); // the central directory's
        break;
      }
    }
    writeFileSync(join(dir, 'lying.zip'), zip);
    await expect(
      fetchPublication({ ...base, url: pathToFileURL(join(dir, 'lying.zip')).toString() }),
    ).rejects.toThrow(/cannot unpack the zip download: sdn.csv inflates to 800 bytes, its header says 500/);
    writeFileSync(join(dir, 'stored.zip'), zipSync({ 'sdn.csv': SDN }, { level: 0 }));
    const stored = await fetchPublication({
      ...base,
      url: pathToFileURL(join(dir, 'stored.zip')).toString(),
    });
    expect(stored.kind === 'fetched' && text(stored.bytes)).toBe(text(SDN));
    writeFileSync(
      join(dir, 'bomb.zip'),
      zipSync({ 'sdn.csv': new Uint8Array(900), 'add.csv': new Uint8Array(900) }),
    );
    await expect(
      fetchPublication({ ...base, url: pathToFileURL(join(dir, 'bomb.zip')).toString() }),
    ).rejects.toThrow(/unpacks to more than the cap of 1000 bytes/);
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

  it('hands over each file with the sha256 of exactly its bytes, hashed while reading, whatever the route', async () => {
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const dir = mkdtempSync(join(tmpdir(), 'fetch-hash-'));
    writeFileSync(join(dir, 'sdn.csv'), SDN);
    writeFileSync(join(dir, 'add.csv'), ADD);
    writeFileSync(join(dir, 'empty.csv'), '');
    const companions = [{ name: 'add.csv', url: `${url}/set.zip`, required: false }];
    const routes = [
      { ...base, url: `${url}/sdn.csv` }, // Content-Length: one buffer of that size
      { ...base, url: `${url}/stream`, maxBytes: 5000 }, // chunked: joined once
      { ...base, url: `${url}/sdn.csv.gz` },
      { ...base, url: `${url}/set.zip`, companions },
      { ...base, url: pathToFileURL(join(dir, 'sdn.csv')).toString(), companions },
      { ...base, url: pathToFileURL(join(dir, 'empty.csv')).toString() },
    ];
    for (const req of routes) {
      const got = await fetchPublication(req);
      if (got.kind !== 'fetched') throw new Error(got.kind);
      expect(got.sha256, req.url).toBe(sha(got.bytes));
      if (got.packed) expect(got.packed.sha256, req.url).toBe(sha(got.packed.bytes));
      for (const [name, bytes] of Object.entries(got.companions))
        expect(got.companionSha256[name], `${req.url} ${name}`).toBe(sha(bytes));
    }
    const chunked = await fetchPublication(routes[1]!);
    expect(chunked.kind === 'fetched' && chunked.bytes).toEqual(new Uint8Array(2000));
    const fromFile = await fetchPublication(routes[4]!);
    expect(fromFile.kind === 'fetched' && text(fromFile.bytes)).toBe(text(SDN));
    expect(fromFile.kind === 'fetched' && Object.keys(fromFile.companionSha256)).toEqual(['add.csv']);
    await expect(
      fetchPublication({ ...base, maxBytes: 5, url: pathToFileURL(join(dir, 'sdn.csv')).toString() }),
    ).rejects.toThrow(`the file is ${SDN.byteLength} bytes, above the cap of 5`);
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

/** Raw responses written on the socket, for transfers a well-behaved server never sends. */
function rawServer(handler: (path: string, socket: import('node:net').Socket) => void): Promise<Server> {
  const server = createServer((req, res) => handler(req.url ?? '', res.socket!));
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}
const portOf = (s: Server) => (s.address() as AddressInfo).port;
const closeServer = (s: Server) => {
  s.closeAllConnections();
  return new Promise<void>((ok) => s.close(() => ok()));
};
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the fetch succeeded');
    },
    (e: unknown) => e as FetchError,
  );

describe('transfers, redirects, timeouts and proxies', () => {
  let server: Server;
  let port = 0;
  const BODY = 'x'.repeat(400);
  beforeAll(async () => {
    server = await rawServer((path, socket) => {
      const head = (extra: string) => `HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\n${extra}\r\n`;
      if (path === '/full') socket.end(`${head(`content-length: ${BODY.length}\r\n`)}${BODY}`);
      else if (path === '/short') {
        // Announces 400 bytes, sends 150, closes.
        socket.write(`${head(`content-length: ${BODY.length}\r\n`)}${BODY.slice(0, 150)}`);
        socket.destroySoon();
      } else if (path === '/chunked-cut') {
        socket.write(`${head('transfer-encoding: chunked\r\n')}96\r\n${BODY.slice(0, 150)}\r\n`);
        setTimeout(() => socket.destroy(), 20);
      } else if (path === '/moved-away')
        socket.end(
          `HTTP/1.1 302 Found\r\nlocation: http://localhost:${port}/full\r\ncontent-length: 0\r\n\r\n`,
        );
      else if (path === '/moved-here')
        socket.end(`HTTP/1.1 301 Moved\r\nlocation: /full\r\ncontent-length: 0\r\n\r\n`);
      else if (path === '/silent') {
        // Accepts the connection and the request, never answers.
      } else socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
    });
    port = portOf(server);
  });
  afterAll(() => closeServer(server));

  const at = (path: string) => `http://127.0.0.1:${port}${path}`;

  it('held: a body shorter than its Content-Length is refused, naming the host', async () => {
    const error = await failure(fetchPublication({ ...base, url: at('/short'), attempts: 2 }));
    expect(error.message).toMatch(
      new RegExp(
        `^fetch ${at('/short')}: 127\\.0\\.0\\.1 closed the connection: .* incomplete transfer refused`,
      ),
    );
    expect(error.message).toMatch(/after 2 attempts/);
  });

  it('held: a chunked body cut by a closed connection is refused', async () => {
    const error = await failure(fetchPublication({ ...base, url: at('/chunked-cut'), attempts: 1 }));
    expect(error.message).toMatch(
      /127\.0\.0\.1 closed the connection: .*after 150 bytes of the body: incomplete transfer refused/,
    );
  });

  it('the same body complete is accepted', async () => {
    const got = await fetchPublication({ ...base, url: at('/full') });
    expect(got.kind === 'fetched' && text(got.bytes)).toBe(BODY);
  });

  it('held: a redirect to another host is refused naming both hosts, unless allowed', async () => {
    const error = await failure(
      fetchPublication({ ...base, url: at('/moved-away'), redirectAllowHosts: [] }),
    );
    expect(error.message).toBe(
      `fetch ${at('/moved-away')}: redirected from 127.0.0.1 to localhost, outside the publisher's domain 127.0.0.1: refused (FETCH_REDIRECT_ALLOW_HOSTS can allow it)`,
    );
    const allowed = await fetchPublication({
      ...base,
      url: at('/moved-away'),
      redirectAllowHosts: ['localhost'],
    });
    expect(allowed.kind === 'fetched' && text(allowed.bytes)).toBe(BODY);
    const viaEnv = await withEnv({ FETCH_REDIRECT_ALLOW_HOSTS: 'example.org, localhost' }, () =>
      fetchPublication({ ...base, url: at('/moved-away') }),
    );
    expect(viaEnv.kind).toBe('fetched');
    const sameHost = await fetchPublication({ ...base, url: at('/moved-here'), redirectAllowHosts: [] });
    expect(sameHost.kind === 'fetched' && text(sameHost.bytes)).toBe(BODY);
    // A host the source's definition names (e.g. OFAC's storage service) is allowed as well.
    const byDefinition = await fetchPublication({
      ...base,
      url: at('/moved-away'),
      redirectAllowHosts: [],
      publisherRedirectHosts: ['localhost'],
    });
    expect(byDefinition.kind === 'fetched' && text(byDefinition.bytes)).toBe(BODY);
  });

  it('registrable domains: publisher subdomains stay together, shared hosting and IPs do not', () => {
    expect(registrableDomain('sanctionslistservice.ofac.treas.gov')).toBe('treas.gov');
    expect(registrableDomain('sanctionslist.fcdo.gov.uk')).toBe('fcdo.gov.uk');
    expect(registrableDomain('assets.publishing.service.gov.uk')).toBe('service.gov.uk');
    expect(registrableDomain('webgate.ec.europa.eu')).toBe('europa.eu');
    expect(registrableDomain('ofsistorage.blob.core.windows.net')).toBe('ofsistorage.blob.core.windows.net');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
    expect(registrableDomain('localhost')).toBe('localhost');
    expect(samePublisher('www.treasury.gov', 'sanctionslistservice.ofac.treas.gov')).toBe(true);
    expect(samePublisher('scsanctions.un.org', 'un.org.example.net')).toBe(false);
    expect(samePublisher('a.blob.core.windows.net', 'b.blob.core.windows.net')).toBe(false);
  });

  it('held: nothing listening fails at once with the host and ECONNREFUSED, tried twice only', async () => {
    const dead = await freePort();
    const url = `http://127.0.0.1:${dead}/sdn.csv`;
    const error = await failure(fetchPublication({ ...base, url, attempts: 4 }));
    expect(error.message).toBe(`fetch ${url}: cannot connect to 127.0.0.1: ECONNREFUSED (after 2 attempts)`);
  });

  it('held: a server that accepts but never answers fails after the headers timeout', async () => {
    const error = await failure(
      fetchPublication({ ...base, url: at('/silent'), headersTimeoutMs: 100, attempts: 1 }),
    );
    expect(error.message).toBe(
      `fetch ${at('/silent')}: 127.0.0.1 sent no response within 100 ms (after 1 attempts)`,
    );
  });

  it('held: a proxy where nothing listens is named in the failure', async () => {
    const dead = await freePort();
    const error = await withEnv({ ...PROXY_VARS_CLEARED, HTTPS_PROXY: `http://127.0.0.1:${dead}` }, () =>
      failure(fetchPublication({ ...base, url: 'https://sanctionslist.example.org/list.xml' })),
    );
    expect(error.message).toBe(
      `fetch https://sanctionslist.example.org/list.xml: cannot connect to proxy 127.0.0.1:${dead} (for sanctionslist.example.org): ECONNREFUSED (after 2 attempts)`,
    );
  });

  it('goes through HTTP_PROXY (absolute-URI request), and around it for NO_PROXY hosts', async () => {
    const proxy = await startForwardProxy();
    try {
      const through = await withEnv({ ...PROXY_VARS_CLEARED, HTTP_PROXY: proxy.url }, () =>
        fetchPublication({ ...base, url: at('/full') }),
      );
      expect(through.kind === 'fetched' && text(through.bytes)).toBe(BODY);
      expect(proxy.requests).toEqual([{ method: 'GET', target: at('/full') }]);
      const lower = await withEnv({ ...PROXY_VARS_CLEARED, http_proxy: proxy.url }, () =>
        fetchPublication({ ...base, url: at('/full') }),
      );
      expect(lower.kind).toBe('fetched');
      expect(proxy.requests).toHaveLength(2);
      for (const noProxy of ['127.0.0.1', `127.0.0.1:${port}`, '*']) {
        const direct = await withEnv(
          { ...PROXY_VARS_CLEARED, HTTP_PROXY: proxy.url, NO_PROXY: noProxy },
          () => fetchPublication({ ...base, url: at('/full') }),
        );
        expect(direct.kind).toBe('fetched');
      }
      expect(proxy.requests).toHaveLength(2);
    } finally {
      await proxy.close();
    }
  });

  it('webhook and Slack posts go through HTTP_PROXY too, and around it for NO_PROXY', async () => {
    const proxy = await startForwardProxy();
    const receiver = await startReceiver(() => ({ status: 204 }));
    const post = { url: `${receiver.url}/hook`, body: '{"a":1}', headers: { 'webhook-id': 'msg_1' } };
    const options = { allowPrivate: true, now: () => Date.now() };
    try {
      const sent = await withEnv({ ...PROXY_VARS_CLEARED, HTTP_PROXY: proxy.url }, () =>
        webhookChannel(options).send(post),
      );
      expect(sent).toEqual({ ok: true, detail: 'HTTP 204' });
      const slack = await withEnv({ ...PROXY_VARS_CLEARED, HTTP_PROXY: proxy.url }, () =>
        slackChannel(options).send({ ...post, url: `${receiver.url}/slack` }),
      );
      expect(slack.ok).toBe(true);
      expect(proxy.requests).toEqual([
        { method: 'POST', target: `${receiver.url}/hook` },
        { method: 'POST', target: `${receiver.url}/slack` },
      ]);
      expect(receiver.requests.map((r) => [r.url, r.headers['webhook-id'], r.body])).toEqual([
        ['/hook', 'msg_1', '{"a":1}'],
        ['/slack', 'msg_1', '{"a":1}'],
      ]);
      const direct = await withEnv(
        { ...PROXY_VARS_CLEARED, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
        () => webhookChannel(options).send(post),
      );
      expect(direct.ok).toBe(true);
      expect(proxy.requests).toHaveLength(2);
      expect(receiver.requests).toHaveLength(3);
      // The SSRF guard still runs before the proxy is used.
      const refused = await withEnv({ ...PROXY_VARS_CLEARED, HTTP_PROXY: proxy.url }, () =>
        webhookChannel({ ...options, allowPrivate: false }).send(post),
      );
      expect(refused).toMatchObject({
        ok: false,
        retryable: false,
        reason: expect.stringMatching(/loopback/),
      });
      expect(proxy.requests).toHaveLength(2);
    } finally {
      await proxy.close();
      await receiver.close();
    }
  });
});

describe('decompression bombs', () => {
  const GIB = 1024 ** 3;
  const CAP = 64 * 1024 * 1024;
  let server: Server;
  let url = '';
  let bomb = '';
  beforeAll(async () => {
    // 1 GiB of zeros, gzip-compressed as a stream: never held in memory (about 1 MB on disk).
    bomb = join(mkdtempSync(join(tmpdir(), 'fetch-bomb-')), 'bomb.gz');
    const zeros = new Uint8Array(1024 * 1024);
    async function* gib() {
      for (let i = 0; i < GIB / zeros.length; i++) yield zeros;
    }
    await pipeline(Readable.from(gib()), createGzip({ level: 1 }), createWriteStream(bomb));
    server = createServer((req, res) => {
      const size = statSync(bomb).size;
      if (req.url === '/bomb.gz')
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': size });
      else
        res.writeHead(200, {
          'content-type': 'text/xml',
          'content-encoding': 'gzip',
          'content-length': size,
        });
      createReadStream(bomb).pipe(res);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((ok) => server.close(() => ok()));
  });

  /** Peak resident memory growth (MiB) while `fn` runs, and its failure. */
  async function measured(fn: () => Promise<unknown>) {
    const before = process.resourceUsage().maxRSS / 1024;
    const rssBefore = process.memoryUsage().rss / 2 ** 20;
    const error = await failure(fn());
    const peakGrowth = process.resourceUsage().maxRSS / 1024 - before;
    const rssGrowth = process.memoryUsage().rss / 2 ** 20 - rssBefore;
    return { error, peakGrowth, rssGrowth };
  }

  it('held: a gzip file that inflates to 1 GiB is refused at the cap, memory far below the inflated size', async () => {
    expect(statSync(bomb).size).toBeLessThan(CAP);
    const { error, peakGrowth, rssGrowth } = await measured(() =>
      fetchPublication({ ...base, maxBytes: CAP, url: `${url}/bomb.gz` }),
    );
    expect(error.message).toBe(
      `fetch ${url}/bomb.gz: the gzip download unpacks to more than the cap of ${CAP} bytes`,
    );
    expect(peakGrowth).toBeLessThan(400);
    expect(rssGrowth).toBeLessThan(400);
  });

  it('held: the same bomb sent as Content-Encoding: gzip is stopped while streaming', async () => {
    const { error, peakGrowth, rssGrowth } = await measured(() =>
      fetchPublication({ ...base, maxBytes: CAP, url: `${url}/encoded` }),
    );
    expect(error.message).toBe(`fetch ${url}/encoded: the response exceeds the cap of ${CAP} bytes`);
    expect(peakGrowth).toBeLessThan(400);
    expect(rssGrowth).toBeLessThan(400);
  });
});

/** A self-signed certificate for 127.0.0.1 made now with the openssl command, or undefined without it. */
function selfSignedCert(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

const tls = selfSignedCert();
if (!tls) console.warn('openssl not found: the https-through-a-proxy test is skipped');

describe.skipIf(!tls)('https through HTTPS_PROXY', () => {
  it('tunnels with CONNECT and still verifies the target certificate end to end', async () => {
    const target = createHttpsServer({ key: tls!.key, cert: tls!.cert }, (_req, res) => res.end('over tls'));
    await new Promise<void>((ok) => target.listen(0, '127.0.0.1', () => ok()));
    const port = (target.address() as AddressInfo).port;
    const proxy = await startForwardProxy();
    const url = `https://127.0.0.1:${port}/sdn.csv`;
    try {
      const got = await withEnv({ ...PROXY_VARS_CLEARED, HTTPS_PROXY: proxy.url }, () =>
        fetchPublication({ ...base, url, ca: tls!.cert }),
      );
      expect(got.kind === 'fetched' && text(got.bytes)).toBe('over tls');
      expect(proxy.requests).toEqual([{ method: 'CONNECT', target: `127.0.0.1:${port}` }]);
      const untrusted = await withEnv({ ...PROXY_VARS_CLEARED, HTTPS_PROXY: proxy.url }, () =>
        failure(fetchPublication({ ...base, url, attempts: 1 })),
      );
      expect(untrusted.message).toBe(
        `fetch ${url}: TLS with 127.0.0.1 through proxy 127.0.0.1:${proxy.port} failed: DEPTH_ZERO_SELF_SIGNED_CERT (after 1 attempts)`,
      );
    } finally {
      await proxy.close();
      target.closeAllConnections();
      await new Promise<void>((ok) => target.close(() => ok()));
    }
  });
});
