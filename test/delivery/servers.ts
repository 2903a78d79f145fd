/**
 * Real local servers for the delivery integration tests: a loopback HTTP receiver (webhooks, Slack,
 * the API), an SMTP server (smtp-server) read back with mailparser, a fresh table on a DynamoDB
 * engine, and an independent Standard Webhooks verifier (deliberately not importing signing.ts).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createStore, type Store } from '../../functions/store/index';
import { dynamoClients, ensureTable } from '../../functions/store/table';

/** The store on a fresh table of the engine at `endpoint`. */
export async function freshStore(endpoint: string): Promise<Store> {
  const tableName = `delivery-${randomUUID().slice(0, 8)}`;
  const { client, doc } = dynamoClients({ tableName, endpoint });
  await ensureTable(client, tableName);
  return createStore(doc, tableName);
}

export function tempDir(prefix = 'sn-delivery-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** A loopback HTTP server that records every request and answers with `reply(request, n)`. */
export async function startReceiver(reply: (req: ReceivedRequest, n: number) => Reply): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const r = reply(received, requests.length);
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Standard Webhooks verification, written from the spec (https://www.standardwebhooks.com/):
 * key = base64-decode(secret without `whsec_`); signed content = `${id}.${timestamp}.${body}`;
 * `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256>`; the timestamp must
 * be within 5 minutes of the receiver's clock.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowSeconds: number,
): { ok: boolean; reason?: string } {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') {
    return { ok: false, reason: 'missing headers' };
  }
  const ts = Number.parseInt(timestamp, 10);
  if (!Number.isFinite(ts) || Math.abs(nowSeconds - ts) > 300)
    return { ok: false, reason: 'timestamp out of tolerance' };
  if (!secret.startsWith('whsec_')) return { ok: false, reason: 'secret has no whsec_ prefix' };
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  for (const entry of signatures.split(' ')) {
    const [version, sig] = entry.split(',');
    if (version !== 'v1' || !sig) continue;
    const given = Buffer.from(sig, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no matching signature' };
}

export interface SmtpSink {
  url: string;
  messages: { envelope: { from: string; to: string[] }; raw: string; parsed: ParsedMail }[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback (no auth, no TLS) that keeps every message, parsed with mailparser. */
export async function startSmtp(): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = await simpleParser(raw);
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A clock the test moves by hand. */
// Far in the future: items carry TTLs computed from this clock, and DynamoDB Local really deletes
// expired items (at random moments), so a past date would make tests flaky.
export function manualClock(startIso = '2099-03-01T09:00:00.000Z') {
  let t = Date.parse(startIso);
  return {
    now: () => t,
    set: (ms: number) => {
      t = ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}
