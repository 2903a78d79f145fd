/**
 * `<command> --help`: one declarative table per command — usage lines, a one-line summary, every
 * flag the command's parser accepts with its value and a one-line description, and examples.
 * `main` renders it when `parseCommandArgs` sees `--help`; test/cli/help.test.ts checks that every
 * flag a command's parser accepts is documented here, so help cannot drift from the parser.
 */

/** Flag name (without `--`) → [value placeholder or '', one-line description]. */
export type FlagTable = Record<string, readonly [value: string, description: string]>;

export interface CommandHelp {
  usage: readonly string[];
  summary: string;
  flags: FlagTable;
  examples: readonly string[];
}

const DATA_DIR: FlagTable = {
  'data-dir': [
    '<dir>',
    'the local data dir (default $SANCTIONS_NOTIFIER_DATA_DIR, else ./.sanctions-notifier)',
  ],
};

const LIST_NOTE = 'a,b or the flag repeated';

export const HELP: Record<string, CommandHelp> = {
  diff: {
    usage: ['diff --source <id> <old-file> <new-file> [--with <id>=<file>]... [--json] [--strict-bounds]'],
    summary: 'compare two downloads of one list: every entry added, removed and amended, with sectors',
    flags: {
      source: ['<id>', 'the list source the files belong to (see `sources`), e.g. un-sc-consolidated'],
      with: [
        '<id>=<file>',
        'another list read as context: each change says where else it is listed, where not, and its relations (repeatable)',
      ],
      json: ['', 'print one JSON document (schemas/changes.schema.json) instead of text'],
      'strict-bounds': ['', 'a record count outside the source bounds is an error, not a warning'],
    },
    examples: ['diff --source un-sc-consolidated 2017-06-30.xml 2017-07-03.xml --json'],
  },
  entity: {
    usage: ['entity <name or id> [--source <id>] [--json]'],
    summary:
      'one entity across every list in the store: each listing with how it was linked (identifier, or a name match never shown as certain), identifiers, history and relationships with paths',
    flags: {
      ...DATA_DIR,
      source: ['<id>', 'look the id or name up in this list only'],
      json: ['', 'print JSON'],
    },
    examples: ['entity "STATE CORPORATION ROSTEC"', 'entity 17260 --source us-ofac-sdn --json'],
  },
  crosslist: {
    usage: ['crosslist --from <source> --to <source> [--json]'],
    summary:
      'entries listed by one list and not by the other (no identifier or name match), newest listing first',
    flags: {
      ...DATA_DIR,
      from: ['<id>', 'the list whose entries are checked'],
      to: ['<id>', 'the list they are looked for in'],
      json: ['', 'print JSON'],
    },
    examples: ['crosslist --from gb-fcdo-sanctions --to us-ofac-sdn'],
  },
  entities: {
    usage: ['entities rebuild [--source <id>]...'],
    summary: 'rebuild the entity index from the stored snapshots (the poller keeps it current on its own)',
    flags: {
      ...DATA_DIR,
      source: ['<id>', 'only these lists (repeatable); default every list'],
    },
    examples: ['entities rebuild', 'entities rebuild --source gb-fcdo-sanctions'],
  },
  poll: {
    usage: ['poll [--source <id> ...] [--url <url>] [--shrink-threshold <fraction>]'],
    summary: 'poll sources once now: fetch, check, diff, store and alert the matching subscribers',
    flags: {
      ...DATA_DIR,
      source: ['<id>', 'a source or notice feed to poll (repeatable); default: every polled source'],
      url: ['<url>', 'fetch this URL instead of the official one (one --source only); file:// works'],
      'shrink-threshold': ['<fraction>', 'hold a publication that lost more than this share of records'],
    },
    examples: [
      'poll --source un-sc-consolidated --url file:///tmp/consolidated.xml',
      'poll --source us-ofac-recent-actions --url file:///tmp/ofac-rss.xml',
    ],
  },
  run: {
    usage: ['run [--source <id> ...] [--url <url>] [--port N | --no-serve]'],
    summary:
      'poll every source on its schedule until stopped (Ctrl-C), and serve the subscription API; other commands use its store meanwhile',
    flags: {
      ...DATA_DIR,
      source: ['<id>', 'only these sources or feeds (repeatable); default: every polled source'],
      url: ['<url>', 'poll this URL instead of the official one (exactly one --source); file:// works'],
      port: ['N', 'serve the subscription API on 127.0.0.1:N (default 8787; 0 picks a free port)'],
      'no-serve': ['', 'do not serve the subscription API'],
    },
    examples: [
      'run',
      'run --source us-ofac-sdn --source us-ofac-recent-actions',
      'run --source un-sc-consolidated --url file:///tmp/consolidated.xml --port 0',
    ],
  },
  sources: {
    usage: ['sources [--json]'],
    summary: 'each source with its last check, last change and last error',
    flags: { ...DATA_DIR, json: ['', 'print JSON instead of text'] },
    examples: ['sources --json'],
  },
  history: {
    usage: ['history [--source <id>] [--since <date>] [--entity <id>] [--json]'],
    summary: 'change batches and the history of one entry',
    flags: {
      ...DATA_DIR,
      source: ['<id>', 'only this source'],
      since: ['<date>', 'only batches from this date (YYYY-MM-DD or ISO timestamp)'],
      entity: ['<id>', "one entry's changes, by the publisher's id"],
      json: ['', 'print JSON instead of text'],
    },
    examples: ['history --source un-sc-consolidated --since 2017-07-01', 'history --entity 111804 --json'],
  },
  quarantine: {
    usage: [
      'quarantine list [--all] [--json]',
      'quarantine show <id> [--json]',
      'quarantine approve <id>',
      'quarantine reject <id>',
    ],
    summary:
      'publications held back by the guards: list, show (reason and a sample of removed or drifted entries), approve (apply and alert) or reject; ids by unique prefix',
    flags: {
      ...DATA_DIR,
      all: ['', 'list decided publications too, not only those waiting'],
      json: ['', 'print JSON instead of text'],
    },
    examples: [
      'quarantine list',
      'quarantine show un-sc-consolidated:3f42',
      'quarantine approve un-sc-consolidated:3f42e513c0b0',
    ],
  },
  subscribers: {
    usage: [
      'subscribers add (--email <addr> | --webhook <url> | --slack <url>) [filters] [--digest daily]',
      'subscribers list [--json]',
      'subscribers remove <id or unique id prefix>',
    ],
    summary: 'manage subscriptions (active at once); filters combine with AND, values of one filter with OR',
    flags: {
      ...DATA_DIR,
      email: ['<addr>', 'subscribe an email address (one subscription per address and filters)'],
      webhook: ['<url>', 'a signed webhook; its whsec_ secret is printed once; private addresses refused'],
      slack: ['<url>', 'a Slack incoming webhook https://hooks.slack.com/services/…'],
      sources: ['<ids>', `only these sources or notice feeds (${LIST_NOTE})`],
      sectors: ['<ids>', `only changes tagged with these sectors, e.g. oil,shipping (${LIST_NOTE})`],
      'min-strength': [
        'name|record|stated',
        'with --sectors: only tags whose evidence is at least this strong (stated > record > name > related > cross-list); default any',
      ],
      regimes: ['<names>', `only these regimes/programs, e.g. RUSSIA-EO14024 (${LIST_NOTE})`],
      kinds: ['<kinds>', `added, removed, amended, notice; default all four (${LIST_NOTE})`],
      'entity-types': ['<types>', `individual, entity, vessel, aircraft (${LIST_NOTE})`],
      countries: ['<names>', `nationality, country or address country (${LIST_NOTE})`],
      watch: ['<terms>', `names or identifiers to watch, whole words, any case (${LIST_NOTE})`],
      digest: ['daily', 'one digest per UTC day instead of immediate alerts'],
      'include-cosmetic': ['', 'also amendments whose changes are all cosmetic'],
      related: [
        '',
        'with --watch: also changes to entries linked to, owned by or subsidiaries of a watched entry',
      ],
      hops: ['<1-3>', 'with --related: how many relationship hops away; default 1, at most 3'],
      json: ['', 'list: print JSON (never secrets)'],
    },
    examples: [
      'subscribers add --email analyst@bank.example --sectors oil,gas --kinds added,removed',
      'subscribers add --email desk@bank.example --sectors defence --min-strength record',
      'subscribers add --webhook https://hooks.bank.example/sanctions --watch "SOVCOMFLOT,IMO 9123456"',
      'subscribers add --email analyst@bank.example --watch ROSTEC --related --hops 2',
      'subscribers remove sub_3fa9',
    ],
  },
  deliveries: {
    usage: [
      'deliveries list [--failed] [--json]',
      'deliveries retry <id or unique id prefix>',
      'deliveries digest [--now <iso>]',
    ],
    summary: 'delivery records: list them, retry a dead one, send the daily digests of ended days',
    flags: {
      ...DATA_DIR,
      failed: ['', 'list: only dead and retrying deliveries'],
      json: ['', 'list: print JSON'],
      now: ['<iso>', 'digest: send the digests of days ended by this time, e.g. 2025-03-02T00:00:00Z'],
    },
    examples: ['deliveries list --failed', 'deliveries retry d_8c60', 'deliveries digest --now 2025-03-02'],
  },
  serve: {
    usage: ['serve [--port <n>]'],
    summary: 'the subscription HTTP API on 127.0.0.1 (admin token in <data-dir>/delivery-keys.json)',
    flags: { ...DATA_DIR, port: ['<n>', 'TCP port (default 8787; 0 picks a free one)'] },
    examples: ['serve --port 8787'],
  },
  feed: {
    usage: ['feed --source <feed-id> [--url <url or file>] [--json]'],
    summary: 'fetch and parse an official notice feed, without storing anything',
    flags: {
      ...DATA_DIR,
      source: ['<feed-id>', 'the notice feed, e.g. us-ofac-recent-actions'],
      url: ['<url>', 'read this URL or file instead of the official feed'],
      json: ['', 'print JSON instead of text'],
    },
    examples: ['feed --source gb-ofsi-notices --url test/fixtures/feeds/gb-ofsi-notices/feed-1.atom'],
  },
  conformance: {
    usage: ['conformance <source-id> <file> [--json]'],
    summary:
      'what a publication holds that the parser does not map (unmapped elements, attributes, columns); exit 1 on structural drift',
    flags: {
      ...DATA_DIR,
      json: ['', 'print the unmapped paths with counts and an example as JSON'],
    },
    examples: ['conformance un-sc-consolidated ./consolidated.xml'],
  },
};

/** Common flags every command takes (handled by `main`). */
export const COMMON_FLAGS: FlagTable = {
  debug: ['', 'print the stack trace of an error'],
  help: ['', 'this help'],
};

/** Flags `accepted` by a command's parser that its table does not document. */
export function undocumentedFlags(command: string, accepted: Iterable<string>): string[] {
  const flags = HELP[command]?.flags ?? {};
  return [...accepted].filter((f) => !Object.hasOwn(flags, f) && !Object.hasOwn(COMMON_FLAGS, f));
}

/** The help text of a command: its table, and any accepted flag it fails to document. */
export function renderHelp(command: string, accepted: readonly string[], fallbackUsage?: string): string[] {
  const help = HELP[command];
  const usage = help?.usage ?? [fallbackUsage ?? command];
  const lines = usage.map((u, i) => `${i === 0 ? 'usage:' : '      '} sanctions-notifier ${u}`);
  if (help) lines.push('', help.summary);
  const rows: [string, string][] = [];
  for (const [flag, [value, text]] of Object.entries({ ...help?.flags, ...COMMON_FLAGS }))
    rows.push([`--${flag}${value ? ` ${value}` : ''}`, text]);
  for (const flag of undocumentedFlags(command, accepted)) rows.push([`--${flag}`, '(not documented)']);
  const width = Math.max(...rows.map(([f]) => f.length));
  lines.push('', 'flags:', ...rows.map(([f, t]) => `  ${f.padEnd(width)}  ${t}`));
  if (help?.examples.length)
    lines.push('', 'examples:', ...help.examples.map((e) => `  sanctions-notifier ${e}`));
  return lines;
}
