import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChangeBatch } from '../../functions/core/changes';
import { matchBatch } from '../../functions/dispatch/match';
import { evidenceLine } from '../../functions/render/common';
import { renderConfirmationEmail, renderDigestEmail, renderEmail } from '../../functions/render/email';
import { renderSlack, SLACK_MAX_BLOCKS, SLACK_MAX_TEXT } from '../../functions/render/slack';
import { renderWebhookPages } from '../../functions/render/webhook';
import { type BatchChange, change, feedBatch, listBatch, notice, sectors, subscription } from './builders';

const LINKS = {
  publicationUrl:
    'https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists',
  unsubscribeUrl: 'https://alerts.example/unsubscribe?t=abc.def',
  oneClickUnsubscribeUrl: 'https://alerts.example/u/abc.def',
  manageUrl: 'https://alerts.example/manage?t=ghi.jkl',
};

function sample(): ChangeBatch {
  const added = Array.from({ length: 52 }, (_, i) =>
    change({
      id: `a${i}`,
      name: `Bank ${i}`,
      regimes: ['RUSSIA-EO14024'],
      sectors: sectors('financial-services'),
    }),
  );
  return listBatch([
    ...added,
    change({
      id: 'm1',
      kind: 'amended',
      name: 'SCF Tanker One',
      entityType: 'vessel',
      regimes: ['RUSSIA-EO14024'],
      sectors: sectors('shipping'),
      fields: [
        { field: 'attributes.vesselFlag', before: 'Liberia', after: 'Gabon', material: true },
        { field: 'remarks', before: 'x ', after: 'x', material: false },
      ],
      announcedIn: [
        {
          source: 'us-ofac-recent-actions',
          noticeId: 'n-1',
          title: 'Russia-related Designations',
          link: 'https://ofac.treasury.gov/recent-actions/20240501',
          published: '2024-05-01T14:00:00Z',
        },
      ],
    }),
    change({
      id: 'm2',
      kind: 'amended',
      name: 'Oil Co',
      regimes: ['IRAN'],
      sectors: sectors('shipping', 'oil'),
      fields: [{ field: 'aliases', before: null, after: { name: 'OC', type: 'aka' }, material: true }],
    }),
  ]);
}

const alertFor = (batch: ChangeBatch, filters = {}) => matchBatch([subscription('s1', filters)], batch)[0]!;

describe('renderEmail', () => {
  const batch = sample();
  const email = renderEmail({ alert: alertFor(batch), batch, sourceTitle: 'OFAC SDN', links: LINKS });

  it('given a batch, when rendered, then the subject states counts and the main sectors', () => {
    expect(email.subject).toBe('OFAC SDN: 52 added, 2 amended — financial services, shipping, oil');
  });

  it('given a batch, when rendered, then a kind × sector summary comes first, then each change once with its facts', () => {
    const text = email.text;
    const summary = text.indexOf('Kind');
    expect(summary).toBeGreaterThan(0);
    expect(text).toMatch(/^Added +52 +– +– +52$/m);
    expect(text).toMatch(/^Amended +– +2 +1 +2$/m);
    expect(text).toContain('* Added: the measures (usually an asset freeze) apply from publication');
    expect(text.indexOf('== Changes (54; additions first) ==')).toBeGreaterThan(summary);
    // Each change exactly once, whatever its number of sectors.
    expect(text.match(/^\[(Added|Amended|Removed)\] /gm)).toHaveLength(54);
    expect(text.match(/^\[Amended\] Oil Co$/gm)).toHaveLength(1);
    expect(text).toContain('    Sectors: Shipping (stated), Oil (stated)');
    expect(text).toContain(
      '    Why: Shipping: statement of reasons “shipping”; Oil: statement of reasons “oil”',
    );
    expect(text).toContain('    vessel flag changed: Liberia → Gabon');
    expect(text).toContain('    alias added: OC');
    expect(text).not.toContain('remarks');
    expect(text).toContain('    Vessel · RUSSIA-EO14024 · id m1');
    expect(text).toContain('Announced in notice "Russia-related Designations" on 1 May 2024, 14:00 UTC');
    expect(text).toContain(`Official publication: ${LINKS.publicationUrl}`);
    expect(text).toContain('published 3 May 2024, detected 3 May 2024, 10:15 UTC');
  });

  it('given a subscriber’s filters, when rendered, then their most relevant changes come first and survive the cap', () => {
    const e = renderEmail({
      alert: alertFor(batch),
      batch,
      sourceTitle: 'OFAC SDN',
      links: LINKS,
      filters: { sectors: ['shipping'] },
      siteUrl: 'https://alerts.example',
      maxEntries: 2,
    });
    const names = [...e.text.matchAll(/^\[(?:Added|Amended|Removed)\] (.+)$/gm)].map((m) => m[1]);
    expect(names).toEqual(['Oil Co', 'SCF Tanker One']);
    expect(e.text).toContain(
      `…and 52 more changes: https://alerts.example/changes/us-ofac-sdn/${'a'.repeat(64)}`,
    );
    expect(e.text).toContain(
      `    Details: https://alerts.example/changes/us-ofac-sdn/${'a'.repeat(64)}?entry=m2`,
    );
    expect(e.html).toContain(`href="https://alerts.example/changes/us-ofac-sdn/${'a'.repeat(64)}?entry=m1"`);
    expect(e.html).toContain('<details');
  });

  it('given identifiers and extra lines, when rendered, then both parts show them', () => {
    const b = listBatch([
      change({
        id: 'v1',
        name: 'Ocean Star',
        entityType: 'vessel',
        subject: {
          aliases: [],
          nonLatinNames: [],
          countries: ['Russia'],
          identifiers: ['9123456', 'ABCDRUMM'],
          typedIdentifiers: [
            { type: 'imo', value: '9123456' },
            { type: 'swift-bic', value: 'ABCDRUMM' },
            { type: 'website', value: 'www.example.com' },
          ],
          birthDates: ['1970-08'],
          nationalities: ['Russia'],
        },
      }),
    ]);
    const e = renderEmail({
      alert: alertFor(b),
      batch: b,
      sourceTitle: 'OFAC SDN',
      links: LINKS,
      extraLines: (c) => [`Also listed: EU FSF (${c.id})`],
    });
    expect(e.text).toContain('    IMO 9123456 · SWIFT/BIC ABCDRUMM · DOB 1970-08 · Nationality Russia');
    expect(e.text).toContain('    Also listed: EU FSF (v1)');
    expect(e.html).toContain('IMO 9123456 · SWIFT/BIC ABCDRUMM · DOB 1970-08 · Nationality Russia');
    expect(e.html).toContain('Also listed: EU FSF (v1)');
    expect(e.text).not.toContain('www.example.com');
  });

  it('given a batch, when rendered, then the HTML is a complete inline-styled document with links', () => {
    expect(email.html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(email.html.trimEnd().endsWith('</html>')).toBe(true);
    expect(email.html).not.toMatch(/<style|<script|class=/);
    expect(email.html).toContain(`href="${LINKS.publicationUrl}"`);
    expect(email.html).toContain('href="https://ofac.treasury.gov/recent-actions/20240501"');
    expect(email.html).toContain(`href="${LINKS.manageUrl}"`);
    expect(email.html).toContain('<h2 style="');
  });

  it('given links, when rendered, then List-Unsubscribe carries the one-click URL and the optional mailto', () => {
    expect(email.headers).toEqual({
      'List-Unsubscribe': `<${LINKS.oneClickUnsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const withMail = renderEmail({
      alert: alertFor(batch),
      batch,
      sourceTitle: 'OFAC SDN',
      links: { ...LINKS, unsubscribeMailto: 'mailto:unsubscribe@alerts.example?subject=u-abc' },
    });
    expect(withMail.headers['List-Unsubscribe']).toBe(
      `<${LINKS.oneClickUnsubscribeUrl}>, <mailto:unsubscribe@alerts.example?subject=u-abc>`,
    );
  });

  it('given a one-click URL that is not http(s), when rendered, then it refuses', () => {
    expect(() =>
      renderEmail({
        alert: alertFor(batch),
        batch,
        sourceTitle: 'X',
        links: { ...LINKS, oneClickUnsubscribeUrl: 'javascript:x' },
      }),
    ).toThrow(/scheme/);
  });

  it('given more changes than the cap, when rendered, then the rest are counted', () => {
    const capped = renderEmail({
      alert: alertFor(batch),
      batch,
      sourceTitle: 'OFAC SDN',
      links: LINKS,
      maxEntries: 10,
    });
    expect(capped.text).toContain('…and 44 more changes');
    expect(capped.text.match(/^\[(Added|Amended|Removed)\] /gm)).toHaveLength(10);
  });

  it('given a feed batch, when rendered, then notices get their own section', () => {
    const feed = feedBatch([
      notice({ id: 'n1', title: 'Counter Terrorism Designations', regimes: ['SDGT'], names: ['A B'] }),
    ]);
    const e = renderEmail({
      alert: alertFor(feed, { kinds: ['notice'] }),
      batch: feed,
      sourceTitle: 'OFAC Recent Actions',
      links: LINKS,
    });
    expect(e.subject).toBe('OFAC recent actions: 1 notice');
    expect(e.text).toContain('== Notices (1) ==');
    expect(e.text).toContain('Counter Terrorism Designations (1 May 2024, 14:00 UTC)');
    expect(e.html).toContain('href="https://ofac.treasury.gov/recent-actions/n1"');
  });

  it('given a double opt-in, when the confirmation is rendered, then it names the filters and the confirm link', () => {
    const c = renderConfirmationEmail({
      confirmUrl: 'https://alerts.example/confirm?t=x.y',
      filters: { sources: ['us-ofac-sdn'], sectors: ['shipping'], watch: ['<b>Ivanov</b>'] },
      mode: 'daily',
      expiresIn: '7 days',
    });
    expect(c.subject).toBe('Confirm your subscription to sanctions list alerts');
    expect(c.text).toContain('  - Lists: us-ofac-sdn');
    expect(c.text).toContain('in one daily digest');
    expect(c.html).toContain('href="https://alerts.example/confirm?t=x.y"');
    expect(c.html).toContain('&#60;b&#62;Ivanov&#60;/b&#62;');
    expect(() =>
      renderConfirmationEmail({ confirmUrl: 'javascript:alert(1)', filters: {}, mode: 'immediate' }),
    ).toThrow();
  });
});

describe('renderDigestEmail', () => {
  it('given a day of alerts from two lists and a feed, when rendered, then each gets its section and link', () => {
    const sdn = sample();
    const ofsi = listBatch(
      [change({ id: 'g1', kind: 'removed', name: 'Gone Ltd', sectors: sectors('oil') })],
      {
        id: 'gb-ofsi-conlist:x',
        source: 'gb-ofsi-conlist',
        url: 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets',
      },
    );
    const feed = feedBatch([notice({ id: 'n1', title: 'Russia-related Designations' })]);
    const filters = {
      kinds: ['added', 'removed', 'amended', 'notice'] as ('added' | 'removed' | 'amended' | 'notice')[],
    };
    const e = renderDigestEmail({
      day: '2024-05-03',
      parts: [
        {
          alert: alertFor(sdn, filters),
          batch: sdn,
          sourceTitle: 'OFAC SDN',
          publicationUrl: LINKS.publicationUrl,
        },
        { alert: alertFor(ofsi, filters), batch: ofsi, sourceTitle: 'OFSI Consolidated List' },
        { alert: alertFor(feed, filters), batch: feed, sourceTitle: 'OFAC Recent Actions' },
      ],
      links: LINKS,
    });
    // At most 80 characters: here the counts fill it, so the sectors are left out.
    expect(e.subject).toBe('Sanctions digest 2024-05-03 (3 lists): 52 added, 1 removed, 2 amended, 1 notice');
    const order = [
      '##### OFAC SDN #####',
      '##### OFSI Consolidated List #####',
      '##### OFAC Recent Actions #####',
    ].map((h) => e.text.indexOf(h));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(e.text).toContain('[Removed] Gone Ltd\n    Entity · id g1');
    expect(e.html).toContain(`href="${ofsi.url}"`);
    expect(e.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(() => renderDigestEmail({ day: 'x', parts: [], links: LINKS })).toThrow(/at least one/);
  });
});

describe('renderSlack', () => {
  function big(n: number): ChangeBatch {
    const all: BatchChange[] = Array.from({ length: n }, (_, i) =>
      change({
        id: String(i),
        name: `Entity number ${i} with a reasonably long name to fill the section text`,
        regimes: ['RUSSIA-EO14024', 'UKRAINE-EO13660'],
        sectors: sectors(['oil', 'gas', 'shipping', 'financial-services', 'defence'][i % 5] as 'oil'),
      }),
    );
    return listBatch(all);
  }

  it('given 500 changes, when rendered, then Slack limits hold and the tail counts what was left out', () => {
    const batch = big(500);
    const msg = renderSlack(alertFor(batch), batch, {
      publicationUrl: LINKS.publicationUrl,
      sourceTitle: 'OFAC SDN',
    });
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    const texts = (msg.blocks as { text?: { text: string }; elements?: { text: string }[] }[]).flatMap(
      (b) => [...(b.text ? [b.text.text] : []), ...(b.elements ?? []).map((e) => e.text)],
    );
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(SLACK_MAX_TEXT);
    const shown = texts.join('\n').match(/^• /gm)?.length ?? 0;
    const tail = texts.at(-1)!;
    const more = Number(/…and (\d+) more/.exec(tail)?.[1]);
    expect(shown + more).toBe(500);
    expect(shown).toBeGreaterThan(100);
    const header = msg.blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe('header');
    expect(header.text.text.length).toBeLessThanOrEqual(150);
  });

  it('given a few changes, when rendered, then header, facts, the kind × sector counts, each change once by relevance, no tail', () => {
    const batch = sample();
    const msg = renderSlack(alertFor(batch), batch, {
      publicationUrl: LINKS.publicationUrl,
      sourceTitle: 'OFAC SDN',
      filters: { sectors: ['shipping'] },
      siteUrl: 'https://alerts.example',
    });
    const types = (msg.blocks as { type: string }[]).map((b) => b.type);
    expect(types.slice(0, 4)).toEqual(['header', 'section', 'section', 'divider']);
    expect(types.at(-1)).toBe('section');
    expect(msg.text).toBe('OFAC SDN: 52 added, 2 amended — financial services, shipping, oil');
    const texts = (msg.blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '');
    expect(texts[2]).toContain('*Added 52* — Financial services 52');
    expect(texts[2]).toContain('_Added: the measures (usually an asset freeze) apply from publication');
    const lines = texts
      .slice(4)
      .join('\n')
      .match(/^• .*$/gm)!;
    expect(lines).toHaveLength(54);
    expect(lines[0]).toBe(
      `• *Amended* <https://alerts.example/changes/us-ofac-sdn/${'a'.repeat(64)}?entry=m2|Oil Co> [Shipping (stated), Oil (stated)] — Entity · IRAN`,
    );
    expect(lines[1]).toContain('SCF Tanker One> [Shipping (stated)] — Vessel · RUSSIA-EO14024');
  });
});

describe('renderWebhookPages', () => {
  const read = (name: string) =>
    JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));
  const webhookSchema = read('webhook.schema.json');
  const changesSchema = read('changes.schema.json');
  // webhook.schema.json is a thin reference into changes.schema.json; resolve it locally for zod.
  const schema = { $defs: changesSchema.$defs, $ref: webhookSchema.$ref.replace('changes.schema.json', '') };

  it('given the webhook schema, when read, then it points at the payload defined beside the diff change shape', () => {
    expect(webhookSchema.$ref).toBe('changes.schema.json#/$defs/webhookPayload');
    expect(changesSchema.$defs.webhookPayload.properties.changes.items).toEqual({ $ref: '#/$defs/change' });
  });

  it('given 52 added and 2 amended, when paged by 20, then pages are numbered, ids stable and the changes complete', () => {
    const batch = sample();
    const pages = renderWebhookPages(alertFor(batch), batch, { eventId: 'evt_123', maxChangesPerPage: 20 });
    expect(pages.map((p) => [p.id, p.page.number, p.page.of, p.changes.length])).toEqual([
      ['evt_123-p1', 1, 3, 20],
      ['evt_123-p2', 2, 3, 20],
      ['evt_123-p3', 3, 3, 14],
    ]);
    expect(pages.flatMap((p) => p.changes.map((c) => c.id))).toEqual(batch.changes.map((c) => c.id));
    for (const p of pages) {
      expect(p.type).toBe('sanctions.changes');
      expect(p.summary).toEqual({ added: 52, removed: 0, amended: 2, notices: 0 });
      expect(p.publication).toEqual({
        published: '2024-05-03',
        records: 12000,
        sha256: 'a'.repeat(64),
        url: batch.url,
      });
    }
    expect(pages[2]!.announcements).toEqual([{ changeId: 'm1', ...batch.changes[52]!.announcedIn![0]! }]);
    expect(Object.keys(pages[2]!.changes[0]!).sort()).toEqual([
      'entityType',
      'fields',
      'id',
      'kind',
      'material',
      'name',
      'regimes',
      'sectors',
    ]);
  });

  it('given a byte budget, when a page would exceed it, then the page is closed early', () => {
    const batch = sample();
    const pages = renderWebhookPages(alertFor(batch), batch, {
      eventId: 'e',
      maxChangesPerPage: 100,
      maxPageBytes: 2000,
    });
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages.filter((x) => x.changes.length > 1))
      expect(JSON.stringify(p.changes).length).toBeLessThanOrEqual(2100);
  });

  it('given a feed batch, when rendered, then the event is sanctions.notices with the notices', () => {
    const feed = feedBatch([notice({ id: 'n1', summary: 'Two entities' })]);
    const [page] = renderWebhookPages(alertFor(feed, { kinds: ['notice'] }), feed, { eventId: 'e2' });
    expect(page?.type).toBe('sanctions.notices');
    expect(page?.notices?.map((n) => n.id)).toEqual(['n1']);
    expect(page?.publication.published).toBeNull();
  });

  it('given an event id with a line break, when rendered, then it refuses', () => {
    const batch = sample();
    expect(() => renderWebhookPages(alertFor(batch), batch, { eventId: 'a\r\nb' })).toThrow(/eventId/);
  });

  it('given the schema, when payloads are validated against it, then list and feed payloads pass and a broken one fails', () => {
    const validate = z.fromJSONSchema(schema);
    const batch = sample();
    for (const p of renderWebhookPages(alertFor(batch), batch, { eventId: 'evt_9', maxChangesPerPage: 30 })) {
      expect(validate.safeParse(JSON.parse(JSON.stringify(p))).success).toBe(true);
    }
    const feed = feedBatch([notice({ id: 'n1', sectors: sectors('oil') })]);
    const [n] = renderWebhookPages(alertFor(feed, { kinds: ['notice'] }), feed, { eventId: 'e3' });
    expect(validate.safeParse(JSON.parse(JSON.stringify(n))).success).toBe(true);
    expect(validate.safeParse({ ...n, type: 'sanctions.other' }).success).toBe(false);
  });
});

describe('evidenceLine (the "Why" of emails and Slack)', () => {
  it('given cross-list evidence matched by name and country, when rendered, then it says the other list’s entry and how it matched', () => {
    // given the defence sector of PELENG JSC, taken from the UK list
    const tags = [
      {
        sector: 'defence' as const,
        strength: 'cross-list' as const,
        evidence: [
          {
            field: 'names',
            text: 'gb-ofsi-conlist 16047 JSC PELENG',
            matched: 'name JSC PELENG, country belarus',
            rule: 'cross-list:name',
            strength: 'cross-list' as const,
            inheritedFrom: '16047',
          },
        ],
      },
    ];
    // when / then
    expect(evidenceLine(tags)).toBe(
      'Defence: the same entity on another list “gb-ofsi-conlist 16047 JSC PELENG”, matched on name JSC PELENG, country belarus',
    );
  });
});
