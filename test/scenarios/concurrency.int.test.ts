/**
 * One data dir, several commands at once, in REAL separate processes (the embedded store is LevelDB,
 * one process at a time: the bug was between processes). `run` polls the UN list from a local file
 * and serves the subscription API; meanwhile other processes add subscribers, list the quarantine
 * and the sources, read a feed's history, confirm a self-service sign-up and unsubscribe over HTTP,
 * and a `poll` of the next UN publication delivers exactly one email and one webhook per subscriber.
 * `serve` while `run` runs, and a command on a data dir held by a short-lived command, say so in
 * one line. No stderr holds a stack trace.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver, verifyStandardWebhook } from '../delivery/servers';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';
import { type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/sanctions-notifier.ts');
const STACK_LINE = /^\s+at /m;
const un = (date: string) => pathToFileURL(realPath('un-consolidated', `${date}.xml`)).href;

interface Done {
  code: number | null;
  out: string;
  err: string;
}

/** A CLI process: `node --import tsx bin/sanctions-notifier.ts <args> --data-dir <dir>`. */
class Cli {
  readonly children = new Set<ChildProcess>();
  readonly stderrs: string[] = [];
  constructor(
    readonly dataDir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  start(args: string[], env: NodeJS.ProcessEnv = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args, '--data-dir', this.dataDir], {
      cwd: ROOT,
      env: { ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const done = new Promise<Done>((ok) =>
      child.once('close', (code) => {
        this.children.delete(child);
        this.stderrs.push(err);
        ok({ code, out, err });
      }),
    );
    /** Resolves with stdout so far once it matches `re` (rejects if the process ends first). */
    const waitFor = async (re: RegExp): Promise<string> => {
      for (;;) {
        if (re.test(out)) return out;
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${re}: ${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    return { child, done, waitFor, output: () => ({ out, err }) };
  }

  run(...args: string[]): Promise<Done> {
    return this.start(args).done;
  }

  killAll(): void {
    for (const child of this.children) child.kill('SIGKILL');
  }
}

describe.skipIf(!HAVE_REALDATA)('one data dir, many commands at once (separate processes)', () => {
  let tmp: string | undefined;
  let cli: Cli | undefined;
  let webhook: Receiver | undefined;
  let sleeper: ChildProcess | undefined;
  afterEach(async () => {
    cli?.killAll();
    sleeper?.kill('SIGKILL');
    await webhook?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    tmp = cli = webhook = sleeper = undefined;
  });

  it('run polls and serves the API while other commands use the store; a poll elsewhere is delivered once', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'sn-concurrency-'));
    const dataDir = join(tmp, 'data');
    webhook = await startReceiver(() => ({ status: 200 }));
    const env: NodeJS.ProcessEnv = { ...process.env, ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' };
    delete env.DYNAMODB_ENDPOINT;
    delete env.SMTP_URL;
    delete env.PUBLIC_BASE_URL;
    cli = new Cli(dataDir, env);

    // `run` on the 2017-06-30 publication: a baseline, then idle until its next hourly poll.
    const run = cli.start([
      'run',
      '--source',
      'un-sc-consolidated',
      '--url',
      un('2017-06-30'),
      '--port',
      '0',
    ]);
    const started = await run.waitFor(/baseline stored, 1024 records/);
    const apiUrl = /subscription API on (http:\/\/127\.0\.0\.1:\d+)/.exec(started)![1]!;
    const runtimeInfo = JSON.parse(await readFile(join(dataDir, 'runtime.json'), 'utf8'));
    expect(runtimeInfo).toMatchObject({ command: 'run', pid: run.child.pid, apiUrl });

    // Operator commands at the same time as `run` and as each other: they share run's store.
    const [email, hook, quarantine, sources, feedHistory, serve] = await Promise.all([
      cli.run('subscribers', 'add', '--email', 'analyst@example.com'),
      cli.run('subscribers', 'add', '--webhook', `${webhook.url}/hook`),
      cli.run('quarantine', 'list'),
      cli.run('sources'),
      cli.run('history', '--source', 'us-ofac-recent-actions'),
      cli.run('serve', '--port', '0'),
    ]);
    for (const r of [email, hook, quarantine, sources, feedHistory]) expect(r.code, r.err).toBe(0);
    expect(quarantine.out).toMatch(/no publication awaits a decision/);
    expect(sources.out).toMatch(/^us-ofac-recent-actions {2}\(feed, /m);
    expect(sources.out).toMatch(/^gb-ofsi-notices {2}\(feed, /m);
    expect(sources.out).toMatch(/^un-sc-consolidated .*\n {2}last check: \S+ \(baseline\)/m);
    expect(sources.out).toMatch(/^us-ofac-sdn-csv .*archive format, polled only when named/m);
    expect(feedHistory.out).toBe('no batches recorded\n');
    expect(serve.code).toBe(1);
    expect(serve.out).toBe('');
    expect(serve.err.trim().split('\n')).toEqual([
      `error: the data dir ${dataDir} is already used by \`run\` (pid ${run.child.pid}); its subscription API is on ${apiUrl}; stop it first, or use other commands alongside it`,
    ]);
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(hook.out + hook.err)?.[0];
    expect(secret).toBeDefined();

    // Self-service sign-up and its confirmation link, over run's API.
    const signUp = await fetch(`${apiUrl}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'self@example.com' }),
    });
    expect(signUp.status).toBe(202);
    const confirmHtml = (await readdir(join(dataDir, 'outbox'))).filter((n) => /^confirm-.*\.html$/.test(n));
    expect(confirmHtml).toHaveLength(1);
    const confirmed = await fetch(apiUrl + linkPath(await readOutbox(dataDir, confirmHtml[0]!), '/confirm'));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toMatch(/confirmed/i);

    // Another process polls the next publication while `run` runs: each subscriber gets it once.
    const poll = await cli.run('poll', '--source', 'un-sc-consolidated', '--url', un('2017-07-03'));
    expect(poll.code, poll.err).toBe(0);
    expect(poll.out).toMatch(/0 added, 3 removed/);
    const alerts = (await readdir(join(dataDir, 'outbox'))).filter((n) => /^d_.*\.eml$/.test(n));
    const recipients = await Promise.all(
      alerts.map(async (n) => /^To: (.*)$/m.exec(await readOutbox(dataDir, n))?.[1]?.trim()),
    );
    expect([...recipients].sort()).toEqual(['analyst@example.com', 'self@example.com']);
    expect(webhook.requests).toHaveLength(1);
    const [request] = webhook.requests;
    expect(
      verifyStandardWebhook(secret!, request!.headers, request!.body, Math.floor(Date.now() / 1000)),
    ).toEqual(expect.objectContaining({ ok: true }));
    expect(JSON.parse(request!.body).changes).toHaveLength(3);

    // One-click unsubscribe from the alert, over run's API.
    const selfAlert = alerts[recipients.indexOf('self@example.com')]!.replace(/\.eml$/, '.html');
    const unsubscribe = await fetch(apiUrl + linkPath(await readOutbox(dataDir, selfAlert), '/unsubscribe'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(200);
    const list = await cli.run('subscribers', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/ unsubscribed +email +immediate self@example\.com$/m);

    // `run` stops on SIGTERM and gives the data dir back.
    run.child.kill('SIGTERM');
    expect((await run.done).code).toBe(0);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
    expect(webhook.requests).toHaveLength(1); // nothing delivered twice, by either process

    // A short-lived command holds the idle data dir: another waits briefly, then says so in one line.
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    const held = { pid: sleeper.pid, command: 'poll', shared: false, startedAt: new Date().toISOString() };
    await writeFile(join(dataDir, 'runtime.json'), JSON.stringify(held));
    const waiting = await cli.start(['quarantine', 'list'], { SANCTIONS_NOTIFIER_LOCK_WAIT_MS: '500' }).done;
    expect(waiting.code).toBe(1);
    expect(waiting.err.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^error: the data dir .* is in use by \`poll\` \\(pid ${sleeper.pid}\\); waited 0.5 s`),
      ),
    ]);
    // Once that process is gone (killed: its file stays behind), the stale file is replaced.
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper!.once('exit', r));
    const after = await cli.run('quarantine', 'list');
    expect(after.code, after.err).toBe(0);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);

    for (const err of cli.stderrs) expect(err).not.toMatch(STACK_LINE);
  }, 600_000);
});

describe('a store held outside the runtime.json protocol', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('is reported as busy in one line (no dynalite crash), and usable once released', async () => {
    s = await scenario({ env: { SANCTIONS_NOTIFIER_LOCK_WAIT_MS: '300' } });
    expect((await s.cli('quarantine', 'list')).code).toBe(0); // creates the store
    // The LevelDB engine dynalite uses, holding the store's lock as another program would.
    const { Level } = createRequire(createRequire(import.meta.url).resolve('dynalite'))('level');
    const db = new Level(join(s.dataDir, 'dynalite'), { valueEncoding: 'json' });
    await db.open();
    try {
      const busy = await s.cli('subscribers', 'list');
      expect(busy.code).toBe(1);
      expect(busy.err).toMatch(/^error: the data dir .* is in use by another process; waited 0.3 s/);
      expect(busy.err.split('\n')).toHaveLength(1);
    } finally {
      await db.close();
    }
    const free = await s.cli('subscribers', 'list');
    expect(free.code, free.err).toBe(0);
  });
});

describe('a delivery setting the command cannot read (separate process)', () => {
  let tmp: string | undefined;
  let cli: Cli | undefined;
  afterEach(async () => {
    cli?.killAll();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    tmp = cli = undefined;
  });

  it('exits 1 with one line, leaves the store closed and the data dir free for the next command', async () => {
    // given a fresh data dir and an unreadable ALLOW_PRIVATE_WEBHOOK_TARGETS
    tmp = await mkdtemp(join(tmpdir(), 'sn-badenv-'));
    const env: NodeJS.ProcessEnv = { ...process.env, SANCTIONS_NOTIFIER_LOCK_WAIT_MS: '300' };
    delete env.DYNAMODB_ENDPOINT;
    delete env.SMTP_URL;
    cli = new Cli(join(tmp, 'data'), env);
    // when a command opens the runtime with it (it used to print the error and never exit: the
    // embedded store, started before delivery was set up, kept serving)
    const bad = cli.start(['quarantine', 'list'], { ALLOW_PRIVATE_WEBHOOK_TARGETS: '1' });
    const timer = setTimeout(() => bad.child.kill('SIGKILL'), 30_000);
    const done = await bad.done;
    clearTimeout(timer);
    // then it ends by itself, with the reason in one line, and the next command gets the data dir
    expect(done.code).toBe(1);
    expect(done.err.trim()).toBe('error: ALLOW_PRIVATE_WEBHOOK_TARGETS must be true or false');
    const next = await cli.run('quarantine', 'list');
    expect(next.code, next.err).toBe(0);
    expect(next.out).toMatch(/no publication awaits a decision/);
  }, 60_000);
});

function readOutbox(dataDir: string, name: string): Promise<string> {
  return readFile(join(dataDir, 'outbox', name), 'utf8');
}

/** The path and query of the first link to `path` in an HTML page (entities decoded). */
function linkPath(html: string, path: string): string {
  const href = new RegExp(`href="https?://[^/"]+(${path}\\?[^"]+)"`).exec(html)?.[1];
  if (!href) throw new Error(`no ${path} link in the page`);
  return href.replace(/&amp;/g, '&');
}
