/**
 * OFAC Recent Actions notices as OFAC writes most of them: the regimes in the title
 * (`Russia-related Designations; Belarus Designations`) mapped to the SDN List's program tags, and the
 * targets named in capitals in prose (`designated NORD STREAM 2 AG and …`), without the acronyms and
 * heading words OFAC also writes in capitals. Then the notice→list matching uses the mapped tags, so a
 * later list change says "announced in notice …". Hand-made fixtures in OFAC's RSS shape. Pure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capitalisedNames } from '../../functions/feeds/notices';
import { pendingFor, reconcileChanges } from '../../functions/feeds/reconcile';
import type { FeedItem } from '../../functions/feeds/types';
import { parse, profile } from '../../functions/feeds/us-ofac-recent-actions';
import { change } from '../delivery/builders';

const FIXTURE = join(import.meta.dirname, '../fixtures/feeds/us-ofac-recent-actions/feed-3-prose.xml');
const prose = () => parse(new Uint8Array(readFileSync(FIXTURE)), new Date('2099-03-01T00:00:00Z'));

const item = (title: string, summary = ''): FeedItem => ({
  id: title,
  title,
  link: 'https://ofac.treasury.gov/recent-actions/20990101',
  published: '2099-01-01T00:00:00.000Z',
  summary,
  hash: 'h',
});

// Tags come in the order of the table (OFAC_PROGRAMS), stated tags first.
describe('OFAC titles → program tags', () => {
  it.each([
    ['Russia-related Designations; Belarus Designations', ['RUSSIA-EO14024', 'BELARUS-EO14038', 'BELARUS']],
    ['Belarus Designations', ['BELARUS-EO14038', 'BELARUS']],
    ['Counter Terrorism Designations; Global Magnitsky Designations', ['SDGT', 'FTO', 'GLOMAG']],
    [
      'Ukraine-/Russia-related Designations',
      ['UKRAINE-EO13660', 'UKRAINE-EO13661', 'UKRAINE-EO13662', 'UKRAINE-EO13685'],
    ],
    ['South Sudan Designations', ['SOUTH SUDAN']],
    [
      'Cyber-related Designations; North Korea Designations Updates',
      ['DPRK', 'DPRK2', 'DPRK3', 'DPRK4', 'DPRK-NKSPEA', 'CYBER2'],
    ],
    ['Publication of Updated Frequently Asked Questions', []],
  ])('%s', (title, tags) => {
    expect(profile.regimes(item(title))).toEqual(tags);
  });

  it('keeps the tags the description states and adds only the families it does not cover', () => {
    const lines = 'OLD TRADING LLC, Dubai, United Arab Emirates [SDGT].';
    expect(profile.regimes(item('Counter Terrorism Designations; Belarus Designations', lines))).toEqual([
      'SDGT',
      'BELARUS-EO14038',
      'BELARUS',
    ]);
  });
});

describe('names written in capitals in a notice', () => {
  it('extracts the targets of the prose items of the fixture, with their action, and no noise', async () => {
    const [russia, removals, faq] = (await prose()).notices;
    expect(russia!.notice.regimes).toEqual(['RUSSIA-EO14024', 'BELARUS-EO14038', 'BELARUS']);
    expect(russia!.listed).toEqual([
      { name: 'NORD STREAM 2 AG', action: 'added' },
      { name: 'MATTHIAS WARNIG', action: 'added' },
      { name: 'BELARUSKALI OAO', action: 'added' },
      { name: 'JSC GRODNO AZOT', action: 'added' },
      { name: 'FORTUNA', action: 'added' },
    ]);
    expect(removals!.notice.regimes).toEqual(['SDGT', 'FTO']);
    expect(removals!.listed).toEqual([
      { name: 'AL-HAMRA TRADING CO., LTD.', action: 'removed' },
      { name: 'SAHIL EXCHANGE', action: 'removed' },
    ]);
    // OFAC, U.S., E.O. 13846, FAQ 1010, IRGC, SDN, "IMPORTANT NOTICE": no name at all.
    expect(faq!.notice.names).toEqual([]);
  });

  it.each([
    ['OFAC today designated NORD STREAM 2 AG pursuant to E.O. 14024 (the SDN List).', ['NORD STREAM 2 AG']],
    ['U.S. persons must comply with IEEPA and OFAC regulations; see FAQ 1010 and GL 25.', []],
    ['RUSSIA-RELATED DESIGNATIONS; BELARUS DESIGNATIONS', []],
    ['IRAN AIR and the IRGC were designated; the DPRK and CAATSA sanctions remain.', ['IRAN AIR']],
    [
      'OFAC designated SHANGHAI TRADING CO., LTD., ACME LLC and “SOVCOMFLOT” PAO.',
      ['SHANGHAI TRADING CO., LTD.', 'ACME LLC', 'SOVCOMFLOT PAO'],
    ],
    ['The vessel SEA FALCON (IMO 9128253) is identified as blocked property.', ['SEA FALCON']],
    ['OFAC designated Russian national IVAN PETROVICH SIDOROV, its CEO.', ['IVAN PETROVICH SIDOROV']],
  ])('%s', (text, names) => {
    const heading = (t: string) => /^(?:RUSSIA|BELARUS|IRAN)(?:-RELATED)?$/i.test(t);
    expect(capitalisedNames(text, 'added', heading).map((n) => n.name)).toEqual(names);
  });

  it('takes the action from the verb before the name, else from the fallback', () => {
    expect(capitalisedNames('OFAC removed ACME TRADING LLC from the SDN List.', 'added')).toEqual([
      { name: 'ACME TRADING LLC', action: 'removed' },
    ]);
    expect(capitalisedNames('ACME TRADING LLC is no longer blocked.', 'removed')).toEqual([
      { name: 'ACME TRADING LLC', action: 'removed' },
    ]);
  });
});

describe('a prose notice announces the later list change (reconciliation on the mapped tags)', () => {
  it('links the SDN list addition of NORD STREAM 2 AG [RUSSIA-EO14024] to the notice', async () => {
    const russia = (await prose()).notices[0]!;
    const pending = pendingFor(
      'us-ofac-recent-actions',
      russia.notice,
      russia.listed,
      '2025-02-24T15:20:00Z',
    )!;
    const changes = [
      change({ id: '40001', name: 'NORD STREAM 2 AG', regimes: ['RUSSIA-EO14024'] }),
      change({ id: '40002', name: 'GRODNO AZOT', regimes: ['BELARUS-EO14038'] }),
      // A namesake under an unrelated program is not announced by this notice.
      change({ id: '40003', name: 'MATTHIAS WARNIG', regimes: ['SDGT'] }),
    ];
    const out = reconcileChanges(
      'us-ofac-sdn',
      'us-ofac-sdn:ccc',
      changes,
      [pending],
      '2025-02-25T00:00:00Z',
    );
    expect(out.changes.map((c) => c.announcedIn?.map((a) => a.title) ?? [])).toEqual([
      [russia.notice.title],
      [russia.notice.title],
      [],
    ]);
    expect(out.updated[0]!.remaining).toEqual(['MATTHIAS WARNIG', 'BELARUSKALI OAO', 'FORTUNA']);
  });
});
