import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { type ChangeBatch, changeSubject } from '../../functions/core/changes';
import { diffPublications } from '../../functions/core/diff';
import { ATOM_FORMAT, changesAtom, entryId, parseScope, xmlEscape } from '../../functions/feeds/atom';
import { feedSource } from '../../functions/feeds/index';
import {
  dueFollowUps,
  followUpNotice,
  namesMatch,
  type PendingNotice,
  pendingFor,
  reconcileChanges,
} from '../../functions/feeds/reconcile';
import { listSource } from '../../functions/sources/index';

const FIXTURES = join(import.meta.dirname, '../fixtures/feeds');
const sdn = listSource('us-ofac-sdn-csv');
const list = (n: 1 | 2) =>
  sdn.parse(new Uint8Array(readFileSync(join(FIXTURES, `reconcile/list-${n}/sdn.csv`))), {
    enforceBounds: false,
  });

async function ofacPending(): Promise<PendingNotice[]> {
  const pub = await feedSource('us-ofac-recent-actions').parse(
    new Uint8Array(readFileSync(join(FIXTURES, 'us-ofac-recent-actions/feed-1.xml'))),
  );
  return pub.notices.flatMap((n) => pendingFor('us-ofac-recent-actions', n.notice, n.listed) ?? []);
}

function listChanges() {
  const before = list(1);
  const after = list(2);
  const byId = new Map([...before.entries, ...after.entries].map((d) => [d.id, d]));
  return diffPublications(before, after).changes.map((c) => ({
    ...c,
    subject: changeSubject(byId.get(c.id)!),
  }));
}

describe('names', () => {
  it('match ignoring case, punctuation, diacritics and word order', () => {
    expect(namesMatch('PETROV, Ivan', 'Ivan Petrov')).toBe(true);
    expect(namesMatch('Example Bank', 'EXAMPLE BANK, JSC')).toBe(true);
    expect(namesMatch('Sergéi EXAMPLEVICH', 'sergei examplevich')).toBe(true);
    expect(namesMatch('PETROV', 'PETROV, Ivan')).toBe(false);
    expect(namesMatch('Ivan Petrov', 'Ivan Petrova')).toBe(false);
  });
});

describe('reconciliation against a hand-made list publication pair', () => {
  it('links the changes a notice announced (added entry, entry newly under the program, removal) and nothing else', async () => {
    const pending = await ofacPending();
    expect(pending.map((p) => p.notice.title)).toEqual([
      'Russia-related Designations',
      'Counter Terrorism Designations Removals',
    ]);
    const { changes, updated } = reconcileChanges(
      'us-ofac-sdn-csv',
      'us-ofac-sdn-csv:abc',
      listChanges(),
      pending,
      '2024-06-13T00:00:00Z',
    );
    const announced = Object.fromEntries(
      changes.map((c) => [`${c.kind} ${c.name}`, (c.announcedIn ?? []).map((a) => a.title)]),
    );
    expect(announced).toEqual({
      'added NEW OIL EXTRACTION LLC': ['Russia-related Designations'],
      'added UNRELATED TRADING LLC': [],
      'removed OLD TRADING LLC': ['Counter Terrorism Designations Removals'],
      'amended PETROV, Ivan': ['Russia-related Designations'],
    });
    const a = changes.find((c) => c.name === 'NEW OIL EXTRACTION LLC')!.announcedIn![0]!;
    expect(a).toEqual({
      source: 'us-ofac-recent-actions',
      noticeId: 'https://ofac.treasury.gov/recent-actions/20240612',
      title: 'Russia-related Designations',
      link: 'https://ofac.treasury.gov/recent-actions/20240612',
      published: '2024-06-12T18:05:00.000Z',
    });
    const russia = updated.find((p) => p.notice.title === 'Russia-related Designations')!;
    expect(russia.status).toBe('pending');
    expect(russia.remaining).toEqual(['ARCTIC SEA TANKERS LLC']);
    expect(updated.find((p) => p.notice.title.startsWith('Counter'))!.status).toBe('confirmed');
  });

  it('is idempotent for the same batch, and links again for another list of the same publisher', async () => {
    const pending = await ofacPending();
    const first = reconcileChanges('us-ofac-sdn-csv', 'b1', listChanges(), pending, '2024-06-13T00:00:00Z');
    const merged = pending.map((p) => first.updated.find((u) => u.notice.id === p.notice.id) ?? p);
    const rerun = reconcileChanges('us-ofac-sdn-csv', 'b1', listChanges(), merged, '2024-06-13T00:00:00Z');
    expect(rerun.updated).toEqual([]);
    expect(rerun.changes).toEqual(first.changes);
    const later = reconcileChanges('us-ofac-sdn-csv', 'b2', listChanges(), merged, '2024-06-14T00:00:00Z');
    expect(later.updated).toEqual([]);
    expect(later.changes.every((c) => !c.announcedIn)).toBe(true);
    const xml = reconcileChanges('us-ofac-sdn', 'x1', listChanges(), merged, '2024-06-14T00:00:00Z');
    expect(xml.changes.filter((c) => c.announcedIn).length).toBe(3);
  });

  it('does not link across regimes', async () => {
    const pending = await ofacPending();
    const other = pending.map((p) => ({ ...p, notice: { ...p.notice, regimes: ['IRAN'] } }));
    const { changes } = reconcileChanges(
      'us-ofac-sdn-csv',
      'b',
      listChanges(),
      other,
      '2024-06-13T00:00:00Z',
    );
    expect(changes.some((c) => c.announcedIn)).toBe(false);
  });

  it('produces one "still pending" follow-up after the configured days, naming what is missing', async () => {
    const pending = await ofacPending();
    const { updated } = reconcileChanges(
      'us-ofac-sdn-csv',
      'b',
      listChanges(),
      pending,
      '2024-06-13T00:00:00Z',
    );
    const russia = updated.find((p) => p.status === 'pending')!;
    expect(dueFollowUps([russia], new Date('2024-06-18T00:00:00Z'), 7)).toEqual([]);
    expect(dueFollowUps([russia], new Date('2024-06-19T18:05:00Z'), 7)).toEqual([russia]);
    expect(
      dueFollowUps([{ ...russia, followUpAt: '2024-06-20T00:00:00Z' }], new Date('2024-07-01T00:00:00Z'), 7),
    ).toEqual([]);
    // A notice first seen late is not overdue the moment it is found.
    const late = { ...russia, openedAt: '2024-06-30T00:00:00Z' };
    expect(dueFollowUps([late], new Date('2024-07-01T00:00:00Z'), 7)).toEqual([]);
    expect(dueFollowUps([late], new Date('2024-07-07T00:00:00Z'), 7)).toEqual([late]);
    const n = followUpNotice(russia, 7);
    expect(n.id).toBe('https://ofac.treasury.gov/recent-actions/20240612#still-pending');
    expect(n.title).toBe('Still pending: Russia-related Designations');
    expect(n.names).toEqual(['ARCTIC SEA TANKERS LLC']);
    expect(n.summary).toMatch(/Not yet in the lists: ARCTIC SEA TANKERS LLC\./);
    expect(n.summary).toMatch(/Already confirmed: .*NEW OIL EXTRACTION LLC/);
  });
});

describe('outbound Atom', () => {
  async function batches(): Promise<ChangeBatch[]> {
    const pending = await ofacPending();
    const { changes } = reconcileChanges(
      'us-ofac-sdn-csv',
      'us-ofac-sdn-csv:bbb',
      listChanges(),
      pending,
      '2024-06-13T00:00:00Z',
    );
    const evil = { ...changes[0]!, id: '<99&"x">', name: 'EVIL <script>alert(1)</script> & "CO" \u0001' };
    const feed = await feedSource('us-ofac-recent-actions').parse(
      new Uint8Array(readFileSync(join(FIXTURES, 'us-ofac-recent-actions/feed-1.xml'))),
    );
    const base = { url: 'https://www.treasury.gov/ofac/downloads/sdn.csv', previous: undefined };
    return [
      {
        ...base,
        id: 'us-ofac-recent-actions:aaa',
        source: 'us-ofac-recent-actions',
        sourceKind: 'feed',
        detectedAt: '2024-06-12T18:10:00.000Z',
        publication: { records: 3, sha256: 'aaa' },
        summary: { added: 0, removed: 0, amended: 0, notices: 3 },
        changes: [],
        notices: feed.notices.map((n) => n.notice),
      },
      {
        ...base,
        id: 'us-ofac-sdn-csv:bbb',
        source: 'us-ofac-sdn-csv',
        sourceKind: 'list',
        detectedAt: '2024-06-13T00:00:00.000Z',
        publication: { records: 5, sha256: 'bbb' },
        summary: { added: 2, removed: 1, amended: 1 },
        changes: [...changes, evil],
      },
    ];
  }

  it('is valid Atom that rss-parser reads back, with stable ids, escaped data and the announcement', async () => {
    const input = await batches();
    const xml = changesAtom(input, { scope: { kind: 'all' }, selfUrl: 'https://api.example/feeds/all.xml' });
    expect(
      changesAtom([...input].reverse(), {
        scope: { kind: 'all' },
        selfUrl: 'https://api.example/feeds/all.xml',
      }),
    ).toBe(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0001');
    const feed = await new Parser<Record<string, unknown>, { id: string; updated: string }>({
      customFields: { item: ['updated'] },
    }).parseString(xml);
    expect(feed.title).toBe('sanctions-notifier: all detected changes');
    expect(feed.items).toHaveLength(8);
    const ids = feed.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(8);
    expect(ids).toContain(entryId('us-ofac-sdn-csv:bbb', '10005'));
    expect(ids).toContain('tag:sanctions-notifier,2026:us-ofac-sdn-csv%3Abbb/10005');
    expect(ids).toContain(
      entryId('us-ofac-recent-actions:aaa', 'https://ofac.treasury.gov/recent-actions/20240612', true),
    );
    const evil = feed.items.find((i) => i.id === entryId('us-ofac-sdn-csv:bbb', '<99&"x">'))!;
    expect(evil.title).toBe('Added: EVIL <script>alert(1)</script> & "CO"  (us-ofac-sdn-csv)');
    const oil = feed.items.find((i) => i.title === 'Added: NEW OIL EXTRACTION LLC (us-ofac-sdn-csv)')!;
    expect(oil.content).toMatch(/Announced in notice “Russia-related Designations”/);
    expect(oil.link).toBe('https://www.treasury.gov/ofac/downloads/sdn.csv');
    expect(feed.items[0]!.id).toMatch(/us-ofac-sdn-csv/); // newest batch first
  });

  it('renders what ATOM_FORMAT says: a changed rendering needs a new ATOM_FORMAT (local feeds are re-rendered by it)', async () => {
    // given fixed batches; when rendered; then the output is the one pinned for this ATOM_FORMAT.
    // If this fails because the rendering changed on purpose: increase ATOM_FORMAT in feeds/atom.ts
    // (so data dirs whose feeds were written by the old rendering write them again) and pin the new hash.
    const xml = changesAtom(await batches(), {
      scope: { kind: 'all' },
      selfUrl: 'https://api.example/feeds/all.xml',
    });
    const pinned: Record<number, string> = {
      1: '4ed640eee1e90d3c1dd08de1742d7121e8cad5d73f71411802da9e10edc923ce',
    };
    expect(`${ATOM_FORMAT}:${createHash('sha256').update(xml).digest('hex')}`).toBe(
      `${ATOM_FORMAT}:${pinned[ATOM_FORMAT]}`,
    );
  });

  it('filters per source and per sector', async () => {
    const input = await batches();
    const parser = new Parser();
    const bySource = await parser.parseString(
      changesAtom(input, {
        scope: { kind: 'source', id: 'us-ofac-recent-actions' },
        selfUrl: 'https://x/feeds/source/us-ofac-recent-actions.xml',
      }),
    );
    expect(bySource.items.map((i) => i.title)).toEqual([
      'Notice: Russia-related Designations',
      'Notice: Counter Terrorism Designations Removals',
      'Notice: Publication of Updated Frequently Asked Questions',
    ]);
    const oil = await parser.parseString(
      changesAtom(input, { scope: { kind: 'sector', id: 'oil' }, selfUrl: 'https://x/feeds/sector/oil.xml' }),
    );
    // The injected entry is a copy of the oil company's change, sectors included.
    expect(oil.items.map((i) => i.title).sort()).toEqual([
      'Added: EVIL <script>alert(1)</script> & "CO"  (us-ofac-sdn-csv)',
      'Added: NEW OIL EXTRACTION LLC (us-ofac-sdn-csv)',
      'Notice: Russia-related Designations',
    ]);
    const empty = changesAtom([], { scope: { kind: 'sector', id: 'aviation' }, selfUrl: 'https://x/a.xml' });
    expect((await parser.parseString(empty)).items).toEqual([]);
  });

  it('parses feed paths and escapes XML', () => {
    expect(parseScope('/feeds/all.xml')).toEqual({ kind: 'all' });
    expect(parseScope('source/us-ofac-sdn.xml')).toEqual({ kind: 'source', id: 'us-ofac-sdn' });
    expect(parseScope('sector/financial-services.xml')).toEqual({ kind: 'sector', id: 'financial-services' });
    expect(parseScope('source/../etc.xml')).toBeUndefined();
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
