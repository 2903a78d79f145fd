/**
 * The rules of the house, checked over the import graph of `functions/`, `bin/`, `lib/` and
 * `scripts/` (see docs/DEVELOPING.md, "Rules of the house"):
 * - no import circles;
 * - `functions/core/` and `functions/sources/` import nothing from the rest of the project and no
 *   I/O modules (no `node:fs`, `node:http`, `node:net`, AWS SDK, …);
 * - AWS SDK clients are imported only by the store, the AWS adapters and the AWS composition root;
 * - the table, its keys and the DynamoDB document client (`@aws-sdk/lib-dynamodb`, `store/dynamo`,
 *   `store/table`, `store/keys`) are seen only by the store, the composition roots that hand it a
 *   client (`functions/runtime/`, `aws.ts` adapters, the local runtime) and the CDK stack (`lib/`,
 *   which defines the table): everything else uses the repository ports.
 * Imports are read as text (static `import`/`export … from` and literal dynamic `import()`), which is
 * enough for this code base's style. Prints one line per violation; exit 1 when there is any.
 *
 * `npm test` runs it (`npm run -s check:imports`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ROOTS = ['functions', 'bin', 'lib', 'scripts'];

/** Modules a pure folder may not import (I/O, network, AWS). */
const IO_MODULES =
  /^(node:)?(fs|fs\/promises|http|https|net|dgram|child_process|worker_threads|dns)$|^@aws-sdk\/|^undici$|^nodemailer$|^dynalite$/;
/** Folders whose files may import AWS SDK packages. */
const AWS_ALLOWED = [
  /^functions\/store\//,
  /(^|\/)aws\.ts$/,
  /^functions\/runtime\//,
  /^functions\/send\/channels\/email-ses\.ts$/,
];

/** Store internals: the table, its keys, the document-client helpers. */
const STORE_INTERNALS = /^functions\/store\/(dynamo|table|keys)\.ts$/;
/** Files that may see them. */
const STORE_INTERNALS_ALLOWED = [
  /^functions\/store\//,
  /(^|\/)aws\.ts$/,
  /^functions\/runtime\//,
  /^functions\/local\/runtime\.ts$/,
  /^lib\//,
];

/**
 * Known exceptions that predate the rules, each with the reason; the check fails on any other
 * violation and on an exception that is no longer needed (so the list only shrinks).
 */
export const KNOWN: Record<string, string> = {};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveImport(from: string, spec: string, files: Set<string>): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.m?js$/, '.ts')]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importGraph(root = ROOT) {
  const files = ROOTS.flatMap((r) => {
    try {
      return walk(join(root, r));
    } catch {
      return [];
    }
  });
  const set = new Set(files);
  const edges = new Map<string, { local: string[]; external: string[]; typeOnly: Set<string> }>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const local: string[] = [];
    const external: string[] = [];
    const typeOnly = new Set<string>();
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('.')) {
        const target = resolveImport(file, spec, set);
        if (target) {
          local.push(target);
          if (/^\s*(import|export)\s+type\s/.test(m[0].trimStart())) typeOnly.add(target);
        }
      } else external.push(spec);
    }
    edges.set(file, { local, external, typeOnly });
  }
  return { files, edges, root };
}

/** Strongly connected components with more than one file (Tarjan), i.e. the import circles. */
export function circles(edges: Map<string, { local: string[] }>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)?.local ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) strong(v);
  return out;
}

export function violations(root = ROOT): string[] {
  const { edges } = importGraph(root);
  const rel = (p: string) => relative(root, p);
  const found: string[] = [];
  for (const comp of circles(edges)) found.push(`import circle: ${comp.map(rel).join(' ↔ ')}`);
  for (const [file, { local, external }] of edges) {
    const f = rel(file);
    const pure = /^functions\/(core|sources)\//.test(f);
    if (pure) {
      for (const t of local) {
        const target = rel(t);
        if (!/^functions\/(core|sources)\//.test(target))
          found.push(`pure module imports the rest: ${f} → ${target}`);
      }
      for (const x of external) if (IO_MODULES.test(x)) found.push(`pure module does I/O: ${f} → ${x}`);
    }
    if (!AWS_ALLOWED.some((re) => re.test(f))) {
      for (const x of external) {
        if (x.startsWith('@aws-sdk/client-') || x === '@aws-sdk/lib-dynamodb')
          found.push(`AWS SDK outside the store and AWS adapters: ${f} → ${x}`);
      }
    }
    if (!STORE_INTERNALS_ALLOWED.some((re) => re.test(f))) {
      for (const t of local)
        if (STORE_INTERNALS.test(rel(t))) found.push(`store internals outside the store: ${f} → ${rel(t)}`);
      for (const x of external)
        if (x === '@aws-sdk/lib-dynamodb') found.push(`store internals outside the store: ${f} → ${x}`);
    }
  }
  return found;
}

/** Violations not in the known list, and known exceptions that no longer occur. */
export function check(root = ROOT, known: Record<string, string> = KNOWN) {
  const found = violations(root);
  const fresh = found.filter((v) => !(v in known));
  const stale = Object.keys(known).filter((k) => !found.includes(k));
  return { fresh, stale, files: importGraph(root).files.length };
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (invokedDirectly) {
  const { fresh, stale, files } = check();
  for (const v of fresh) console.error(`check-imports: ${v}`);
  for (const k of stale) console.error(`check-imports: known exception no longer occurs, remove it: ${k}`);
  if (fresh.length || stale.length) process.exit(1);
  const n = Object.keys(KNOWN).length;
  console.log(
    `check-imports: ${files} files, no new import circle or forbidden import (${n} known exceptions listed in scripts/check-imports.ts)`,
  );
}
