/**
 * Networks as real users have them, driven through the CLI: a real UN publication served by a
 * loopback HTTP server cut short of its Content-Length, or cut by a closed connection, is refused
 * (exit 1, the host and the reason, nobody alerted) and the complete file afterwards gives the
 * true 3 removals, delivered once; with HTTP_PROXY set the publication and the webhook and Slack
 * deliveries go through a real forward proxy, with NO_PROXY they do not; and a poll of every
 * source through a proxy that refuses prints each source's outcome as that source finishes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/sanctions-notifier';
import { type ForwardProxy, startForwardProxy } from '../support/proxy';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal, realPath } from '../support/realdata';
import { deliveryCounts, type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const SOURCE = 'un-sc-consolidated';

/** The proxy variables in both cases (lower case wins when both are set), unset ones empty. */
function proxyEnv(vars: {
  HTTP_PROXY?: string;
  HTTPS_PROXY?: string;
  NO_PROXY?: string;
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'] as const) {
    out[name] = vars[name] ?? '';
    out[name.toLowerCase()] = vars[name] ?? '';
  }
  return out;
}

describe.skipIf(!HAVE_REALDATA)('network: incomplete transfers and proxies (real UN publications)', () => {
  let mode: 'full' | 'short' | 'cut' = 'full';
  let server: Server;
  let base = '';
  let s: Scenario | undefined;
  let proxy: ForwardProxy | undefined;
  const file = () => readReal('un-consolidated', '2017-07-03.xml');

  beforeAll(async () => {
    server = createServer((_req, res) => {
      const bytes = file();
      const part = bytes.subarray(0, Math.floor(bytes.length * 0.6));
      if (mode === 'full') {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': bytes.length }).end(bytes);
      } else if (mode === 'short') {
        // The whole length announced, 60 % sent, then the connection closed.
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': bytes.length });
        res.write(part, () => res.socket?.destroy());
      } else {
        // Chunked, 60 % sent, then the connection closed without the last chunk.
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(part, () => res.socket?.destroy());
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((ok) => server.close(() => ok()));
  });
  afterEach(async () => {
    await s?.close();
    await proxy?.close();
    s = undefined;
    proxy = undefined;
    mode = 'full';
  });

  const pollHttp = () => s!.cli('poll', '--source', SOURCE, '--url', `${base}/2017-07-03.xml`);

  async function baseline(env: Record<string, string> = {}) {
    s = await scenario({ env });
    await s.subscribeAll();
    const first = await s.poll(SOURCE, realPath('un-consolidated', '2017-06-30.xml'));
    expect(first.code, first.err).toBe(0);
  }

  for (const [name, cut] of [
    ['held: a transfer shorter than its Content-Length', 'short'],
    ['held: a chunked transfer cut by a closed connection', 'cut'],
  ] as const) {
    it(`${name} is refused with the host and the reason; the full file then gives the 3 removals once`, async () => {
      await baseline();
      mode = cut;
      const refused = await pollHttp();
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(
        new RegExp(
          `^${SOURCE}: FAILED.*: fetch ${base}/2017-07-03\\.xml: 127\\.0\\.0\\.1 closed the connection: .* bytes of the body: incomplete transfer refused \\(after 4 attempts\\)$`,
          'm',
        ),
      );
      expect(await deliveryCounts(s!)).toEqual({ emails: 0, webhooks: 0, slack: 0 });
      mode = 'full';
      const full = await pollHttp();
      expect(full.code, full.err).toBe(0);
      expect(full.out).toMatch(/0 added, 3 removed/);
      expect(await deliveryCounts(s!)).toEqual({ emails: 1, webhooks: 1, slack: 1 });
    }, 90_000);
  }

  it('with HTTP_PROXY the publication, the webhook and the Slack message all go through the proxy', async () => {
    proxy = await startForwardProxy();
    await baseline(proxyEnv({ HTTP_PROXY: proxy.url }));
    const polled = await pollHttp();
    expect(polled.code, polled.err).toBe(0);
    expect(await deliveryCounts(s!)).toEqual({ emails: 1, webhooks: 1, slack: 1 });
    expect(proxy.requests).toEqual(
      expect.arrayContaining([
        { method: 'GET', target: `${base}/2017-07-03.xml` },
        { method: 'POST', target: `${s!.webhook.url}/hook` },
        { method: 'POST', target: `${s!.slack.url}/slack` },
      ]),
    );
    expect(proxy.requests).toHaveLength(3);
  });

  it('with NO_PROXY covering the host nothing goes through the proxy', async () => {
    proxy = await startForwardProxy();
    await baseline(proxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }));
    const polled = await pollHttp();
    expect(polled.code, polled.err).toBe(0);
    expect(await deliveryCounts(s!)).toEqual({ emails: 1, webhooks: 1, slack: 1 });
    expect(proxy.requests).toEqual([]);
  });
});

describe('network: a poll of every source shows each outcome as it finishes', () => {
  let s: Scenario | undefined;
  let proxy: ForwardProxy | undefined;
  afterEach(async () => {
    await s?.close();
    await proxy?.close();
  });

  it('held: every source fails naming its host and the proxy, each line printed before the next source starts', async () => {
    proxy = await startForwardProxy({ refuseConnect: 403 });
    s = await scenario({ env: proxyEnv({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }) });
    const printed: { line: string; proxiedSoFar: number }[] = [];
    const io = {
      out: (line: string) => void printed.push({ line, proxiedSoFar: proxy!.requests.length }),
      err: () => {},
    };
    const code = await main(['poll', '--data-dir', s.dataDir], io);
    expect(code).toBe(1);
    const failed = printed.filter((p) => / FAILED/.test(p.line));
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed).toHaveLength(proxy.requests.length);
    failed.forEach((p, i) => {
      const host = proxy!.requests[i]!.target.replace(/:443$/, '');
      expect(p.line).toContain(`proxy 127.0.0.1:${proxy!.port} refused the tunnel to ${host}: HTTP 403`);
      // Printed when this source's request had reached the proxy and the next one's had not.
      expect(p.proxiedSoFar).toBe(i + 1);
    });
  });
});
