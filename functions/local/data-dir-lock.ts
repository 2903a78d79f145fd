/**
 * Who uses a data dir's embedded store, so that several commands can work on one data dir at once.
 *
 * The embedded store is LevelDB, which one process at a time may open. The process that opens it
 * (the owner) serves it on a loopback port and writes `<data dir>/runtime.json`:
 * `{ pid, command, shared, endpoint, apiUrl, startedAt }`, removed when it closes (and on exit).
 *
 * - A long-running owner (`run`, `serve`) shares its store: any other command that finds it alive
 *   talks to its endpoint instead of opening LevelDB (as if `DYNAMODB_ENDPOINT` were set), so
 *   `subscribers add`, `quarantine list`, `poll` or `history` work while `run` runs.
 * - A short-lived owner (`poll`, `history`, …) does not share: a second command waits for it up to
 *   `SANCTIONS_NOTIFIER_LOCK_WAIT_MS` (default 10 s), then fails with one line naming it.
 * - A second long-running command never attaches to another's store (its requests would fail once
 *   that one stops): it fails at once with one line naming the running one.
 * - A file whose pid is dead, or whose endpoint does not answer while LevelDB is free, is stale
 *   (a crash, `kill -9`) and is replaced.
 *
 * Before opening LevelDB the owner checks its lock with the LevelDB engine dynalite itself uses, so a
 * store held by something else is reported as busy instead of failing inside dynalite.
 */
import { unlinkSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';

export const RUNTIME_FILE = 'runtime.json';
export const DEFAULT_LOCK_WAIT_MS = 10_000;
const POLL_MS = 200;
/**
 * An owner opens LevelDB within this long of writing runtime.json. Generous: on a loaded machine a
 * command's start-up took over 5 s (seen in CI-like runs), and a live owner still starting must not
 * be mistaken for a reused pid; a pid reused after a crash only waits this long longer.
 */
const STARTUP_MS = 30_000;

export interface RuntimeInfo {
  pid: number;
  /** The command that owns the store: `run`, `serve`, `poll`, … */
  command: string;
  /** True when other commands may use the store through `endpoint` (long-running owners). */
  shared: boolean;
  /** The loopback endpoint serving the store (once started). */
  endpoint?: string;
  /** The subscription API's URL, when the owner serves it. */
  apiUrl?: string;
  startedAt: string;
}

/** The data dir is used by another process and cannot be used now: one line for the operator. */
export class DataDirBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirBusyError';
  }
}

export type DataDirClaim =
  | {
      kind: 'owner';
      /** Rewrites runtime.json with these fields (atomically). */
      update(fields: Partial<Omit<RuntimeInfo, 'pid' | 'startedAt'>>): Promise<void>;
      /** Removes runtime.json (when it is still ours). */
      release(): Promise<void>;
    }
  | { kind: 'attached'; info: RuntimeInfo };

export interface ClaimOptions {
  command: string;
  /** Long-running: share the store, and never attach to another process's store. */
  share: boolean;
  /** How long to wait for a short-lived owner. Default `SANCTIONS_NOTIFIER_LOCK_WAIT_MS`, else 10 s. */
  waitMs?: number;
  /** Path of the LevelDB folder, checked for a lock held outside this protocol. */
  levelPath: string;
}

/** Files this process owns, removed on exit whatever happens (a signal's default action skips this). */
const owned = new Set<string>();
let exitHookInstalled = false;
function removeOwnedOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const file of owned) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readRuntimeInfo(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dataDir, RUNTIME_FILE), 'utf8')) as RuntimeInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined; // absent, or half-written by a crash: stale
  }
}

function answers(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when LevelDB at `path` is locked by a process (this one included). */
async function levelLocked(path: string): Promise<boolean> {
  const req = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = req('level') as {
    Level: new (p: string, o: object) => { open(): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(path, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') return true;
    throw error;
  }
  await db.close();
  return false;
}

export function describeOwner(info: RuntimeInfo): string {
  return `\`${info.command}\` (pid ${info.pid})`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Claims the data dir's store: returns `owner` (this process opens LevelDB and must `update` the
 * endpoint once it serves it) or `attached` (a long-running process shares its store). Throws a
 * `DataDirBusyError` when neither is possible within the wait.
 */
export async function claimDataDir(dataDir: string, options: ClaimOptions): Promise<DataDirClaim> {
  const file = join(dataDir, RUNTIME_FILE);
  const waitMs =
    options.waitMs ?? (Number(process.env.SANCTIONS_NOTIFIER_LOCK_WAIT_MS) || DEFAULT_LOCK_WAIT_MS);
  const deadline = Date.now() + waitMs;
  let busy = 'another process';
  for (;;) {
    const info = await readRuntimeInfo(dataDir);
    let stale = !info || !isAlive(info.pid);
    if (info && !stale && info.shared && info.endpoint) {
      if (await answers(info.endpoint)) {
        if (!options.share) return { kind: 'attached', info };
        const api = info.apiUrl ? `; its subscription API is on ${info.apiUrl}` : ' (without the API)';
        throw new DataDirBusyError(
          `the data dir ${dataDir} is already used by ${describeOwner(info)}${api}; stop it first, or use other commands alongside it`,
        );
      }
      stale = !(await levelLocked(options.levelPath)); // a reused pid, or an owner stopping
    }
    if (info && !stale && !info.shared && Date.now() - Date.parse(info.startedAt) > STARTUP_MS)
      stale = !(await levelLocked(options.levelPath)); // a pid reused after a crash
    if (info && !stale) busy = describeOwner(info);
    if (stale) {
      if (info) await unlink(file).catch(() => undefined);
      const mine: RuntimeInfo = {
        pid: process.pid,
        command: options.command,
        shared: options.share,
        startedAt: new Date().toISOString(),
      };
      let created = false;
      try {
        await writeFile(file, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
        created = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (created) {
        if (!(await levelLocked(options.levelPath))) {
          owned.add(file);
          removeOwnedOnExit();
          return ownerClaim(file, mine);
        }
        // Held outside this protocol (or by a racing claimant that replaced a stale file too).
        await unlink(file).catch(() => undefined);
        busy = 'another process';
      }
    }
    if (Date.now() >= deadline) {
      throw new DataDirBusyError(
        `the data dir ${dataDir} is in use by ${busy}; waited ${waitMs / 1000} s — try again when it has finished` +
          ' (while `run` or `serve` runs, other commands share its store)',
      );
    }
    await sleep(POLL_MS);
  }
}

function ownerClaim(file: string, mine: RuntimeInfo): DataDirClaim {
  let current = mine;
  return {
    kind: 'owner',
    async update(fields) {
      current = { ...current, ...fields };
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(current)}\n`);
      await rename(tmp, file);
    },
    async release() {
      owned.delete(file);
      const info = await readRuntimeInfo(file.slice(0, -RUNTIME_FILE.length - 1));
      if (info?.pid === process.pid && info.startedAt === mine.startedAt)
        await unlink(file).catch(() => undefined);
    },
  };
}
