/**
 * Which sources the local runtime knows and polls (issue 9.4), as a user sees them: `sources` lists
 * the notice feeds and marks the archive formats, `history --source <feed-id>` shows a feed's
 * notices, and an unknown id is refused in one line naming the known ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Scenario, scenario } from './harness';

const feedFile = (name: string) =>
  new URL(`../fixtures/feeds/us-ofac-recent-actions/${name}`, import.meta.url).pathname;

describe('sources and feed history', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('sources lists every list and notice feed, with the archive formats polled only when named', async () => {
    s = await scenario();
    const r = await s.cli('sources', '--json');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; kind: string; polledByDefault: boolean }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const feed of ['gb-ofsi-notices', 'us-ofac-recent-actions', 'eu-council-sanctions', 'un-sc-press'])
      expect(byId.get(feed)).toMatchObject({ kind: 'feed', polledByDefault: true });
    expect(byId.get('us-ofac-sdn')).toMatchObject({ kind: 'list', polledByDefault: true });
    expect(byId.get('us-ofac-sdn-csv')).toMatchObject({ kind: 'list', polledByDefault: false });
    expect(byId.get('gb-ofsi-conlist')).toMatchObject({ kind: 'list', polledByDefault: false });
    const text = await s.cli('sources');
    expect(text.out).toMatch(
      /^us-ofac-sdn-csv {2}\(list, rate\(15 minutes\); archive format, polled only when named\)/m,
    );
  });

  it('history --source <feed-id> shows the notices a feed brought', async () => {
    s = await scenario();
    expect((await s.poll('us-ofac-recent-actions', feedFile('feed-0.xml'))).code).toBe(0);
    const second = await s.poll('us-ofac-recent-actions', feedFile('feed-1.xml'));
    expect(second.code, second.err).toBe(0);
    const h = await s.cli('history', '--source', 'us-ofac-recent-actions');
    expect(h.code, h.err).toBe(0);
    const lines = h.out.split('\n');
    expect(lines[0]).toMatch(/ us-ofac-recent-actions {2}baseline of 1 notices \(not alerted\) /);
    expect(lines[1]).toMatch(/ us-ofac-recent-actions {2}2 new notice\(s\) .*\[emitted\]/);
    const notices = lines.filter((l) => l.startsWith('    notice '));
    expect(notices).toHaveLength(2); // the two new ones (a baseline is not listed notice by notice)
    expect(notices.join('\n')).toMatch(/https:\/\/ofac\.treasury\.gov\//);

    const unknown = await s.cli('history', '--source', 'us-ofac-recent');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /^error: us-ofac-recent: unknown source; known sources: .*us-ofac-recent-actions/,
    );
    expect(unknown.err.split('\n')).toHaveLength(1);
  });
});
