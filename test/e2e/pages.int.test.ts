/**
 * The pages in a real browser (Debian's Chromium through playwright-core), as a subscriber uses
 * them, on real UN publications polled through the CLI:
 * subscribe (a bad address is shown next to its field) → the confirmation link from the outbox →
 * manage: change the kinds filter → the next poll's alert follows the new filter → the changes
 * page and its filters → the batch and entity pages → unsubscribe. Every page passes an axe-core
 * scan with no serious or critical violation, applies its stylesheet under the strict CSP, and is
 * screenshotted (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi } from '../../functions/local/api';
import { type LocalRuntime, openLocalApp } from '../../functions/runtime/local';
import { sampleAlertHtml, sampleNoticeHtml } from '../../scripts/render-email-png';
import { type Scenario, scenario } from '../scenarios/harness';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';
import { axeViolations, HAVE_CHROMIUM, launchBrowser, SCREENSHOT_DIR, seriousViolations } from './browser';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);
const UN = (day: string) => realPath('un-consolidated', `${day}.xml`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.skipIf(!HAVE_CHROMIUM || !HAVE_REALDATA)('the pages in Chromium', () => {
  let s: Scenario;
  let runtime: LocalRuntime;
  let api: { url: string; close(): Promise<void> };
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let base: string;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    s = await scenario({ env: { PUBLIC_BASE_URL: base } });
    // Two small hand-made lists that hold the same person (same passport): the entity graph links
    // them. Too small for the real bounds, they are held and approved as an operator would.
    for (const [source, file] of [
      ['gb-ofsi-conlist', 'test/fixtures/gb-ofsi-conlist/conlist-2022.csv'],
      ['eu-fsf', 'test/fixtures/eu-fsf/sanctions.xml'],
    ] as const) {
      const held = await s.poll(source, resolve(file));
      const id = /quarantined as (\S+?);/.exec(`${held.out}\n${held.err}`)?.[1];
      expect(id, held.err).toBeDefined();
      const approved = await s.cli('quarantine', 'approve', id!);
      expect(approved.code, approved.err).toBe(0);
    }
    // History before anyone subscribes: a baseline and one amendment.
    for (const day of ['2017-06-20', '2017-06-30']) {
      const r = await s.poll('un-sc-consolidated', UN(day));
      expect(r.code, r.err).toBe(0);
    }
    runtime = await openLocalApp({ dataDir: s.dataDir, shareStore: true });
    api = await startLocalApi(runtime, port);
    browser = await launchBrowser({ width: 1000, height: 900 });
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await runtime?.close();
    await s?.close();
  });

  /** Checks the page as every page must be, and screenshots it. */
  async function check(name: string) {
    expect(seriousViolations(await axeViolations(page)), `axe on ${name}`).toEqual([]);
    // The hashed stylesheet applied (CSP allowed it): the header has its background.
    const bg = await page.evaluate(
      () =>
        (
          globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
        ).getComputedStyle(
          (
            globalThis as unknown as { document: { querySelector(s: string): unknown } }
          ).document.querySelector('header.site'),
        ).backgroundColor,
    );
    expect(bg, `stylesheet applied on ${name}`).toBe('rgb(243, 245, 248)');
    expect(cspErrors).toEqual([]);
    expect(await page.locator('link[rel=alternate][type="application/atom+xml"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  }

  async function outboxHtml(match: RegExp): Promise<{ file: string; html: string }> {
    const dir = join(s.dataDir, 'outbox');
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.html')).sort()) {
      const html = await readFile(join(dir, f), 'utf8');
      if (match.test(html)) return { file: join(dir, f), html };
    }
    throw new Error(`no outbox email matching ${match}`);
  }

  it('subscribe → confirm → manage → alert with the new filter → browse → unsubscribe', async () => {
    const home = await page.goto(`${base}/`);
    expect(home!.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(await page.locator('h1').textContent()).toBe('Sanctions lists watched');
    expect(await page.locator('main').textContent()).toContain('UN Security Council Consolidated List');
    expect(await page.locator('figure svg[role=img]').count()).toBeGreaterThan(0);
    await check('overview');

    // Subscribe: a bad address is shown next to its field, the values kept; so is a minimum
    // evidence strength chosen without sectors.
    await page.click('text=Subscribe to alerts');
    await page.fill('#email', 'not-an-address');
    await page.check('input[name=kinds][value=added]');
    await page.check('input[name=minStrength][value=record]');
    await page.click('button:has-text("Subscribe")');
    expect(await page.locator('#email-error').textContent()).toMatch(/must be an email address/);
    expect(await page.locator('input[name=kinds][value=added]').isChecked()).toBe(true);
    expect(await page.locator('input[name=minStrength][value=record]').isChecked()).toBe(true);
    await check('subscribe-error');
    await page.fill('#email', 'officer@example.com');
    await page.click('button:has-text("Subscribe")');
    expect(await page.locator('#minStrength-error').textContent()).toMatch(/applies to the sectors filter/);
    await page.check('input[name=minStrength][value=""]');
    await page.fill('#email', 'officer@example.com');
    await page.click('button:has-text("Subscribe")');
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    await check('subscribe-sent');

    // The confirmation link from the outbox.
    const confirmMail = await outboxHtml(/\/confirm\?token=/);
    const confirmUrl = /href="([^"]*\/confirm\?token=[^"]*)"/.exec(confirmMail.html)![1]!;
    await page.goto(confirmUrl);
    expect(await page.locator('h1').textContent()).toBe('Subscription confirmed');
    await check('confirmed');

    // Manage: only "added" so far; switch to "removed".
    await page.click('text=Change your filters or unsubscribe');
    expect(await page.locator('h1').textContent()).toBe('Manage your alerts');
    expect(await page.locator('input[name=kinds][value=added]').isChecked()).toBe(true);
    await page.uncheck('input[name=kinds][value=added]');
    await page.check('input[name=kinds][value=removed]');
    await page.click('button:has-text("Save my filters")');
    expect(await page.locator('[role=status]').textContent()).toMatch(/Your filters were saved/);
    expect(await page.locator('input[name=kinds][value=removed]').isChecked()).toBe(true);
    await check('manage');
    const manageUrl = page.url();

    // The next publication: three delistings, delivered because of the new filter.
    const poll = await s.poll('un-sc-consolidated', UN('2017-07-03'));
    expect(poll.code, poll.err).toBe(0);
    const alert = await outboxHtml(/3 removed/);
    expect(alert.html).toContain('DHOU EL-AICH');
    expect(alert.html).toContain(`${base}/changes/un-sc-consolidated/`);
    const emails = (await s.delivered()).emails;
    expect(emails).toHaveLength(2); // the confirmation and this alert
    expect(emails.join('\n')).toMatch(/Subject: UN SC: 3 removed/);

    // Changes: filter by kind.
    await page.goto(`${base}/changes`);
    await page.selectOption('select[name=kind]', 'removed');
    await page.click('button:has-text("Filter")');
    expect(page.url()).toContain('kind=removed');
    expect(await page.locator('main').textContent()).toContain('DHOU EL-AICH');
    expect(await page.locator('main').textContent()).not.toContain('BOUBEKEUR BOULGHITI');
    await check('changes');
    await page.selectOption('select[name=kind]', 'amended');
    await page.click('button:has-text("Filter")');
    expect(await page.locator('main').textContent()).toContain('BOUBEKEUR BOULGHITI');
    expect(await page.locator('main').textContent()).not.toContain('DHOU EL-AICH');

    // The amendment's batch page: field-level before/after.
    await page.click('h2 a');
    expect(await page.locator('td.after').first().textContent()).toContain(
      'INTERPOL-UN Security Council Special Notice',
    );
    // The entity graph's line: the other lists were checked and do not hold it.
    expect(await page.locator('article.change p.cross-list').first().textContent()).toMatch(
      /^Not listed by .*EU/,
    );
    await check('batch');

    // The entity page of a delisted entry: its history.
    await page.goto(`${base}/changes?kind=removed`);
    await page.click('text=DHOU EL-AICH');
    await page.click('article h2 a');
    expect(await page.locator('h1').textContent()).toBe('DHOU EL-AICH');
    expect(await page.locator('main').textContent()).toContain('not on the current');
    expect(await page.locator('#cross-list').count()).toBe(1);
    // And one still listed: its identifiers and listing.
    const listed = (await readFile(UN('2017-07-03'), 'utf8')).match(/<DATAID>(\d+)<\/DATAID>/)![1]!;
    await page.goto(`${base}/entity/un-sc-consolidated:${listed}`);
    expect(await page.locator('main').textContent()).toContain('Regimes');
    expect(await page.locator('#cross-list').textContent()).toContain('Not listed by');
    // An entry two lists hold: its listing on the other list, matched by passport, linked.
    await page.goto(`${base}/entity/gb-ofsi-conlist:90001`);
    const cross = page.locator('#cross-list');
    expect(await cross.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['Ivan Examplov', '9001', 'matched on identifier: passport 751234567']),
    );
    await cross.scrollIntoViewIfNeeded();
    await check('entity');
    await cross.locator('a:has-text("Ivan Examplov")').click();
    expect(await page.locator('#cross-list').textContent()).toContain('Ivan Petrovich EXAMPLOV');

    // Unsubscribe from the manage page.
    await page.goto(manageUrl);
    await page.click('button:has-text("Unsubscribe")');
    expect(await page.locator('h1').textContent()).toBe('Unsubscribed');
    await check('unsubscribed');
    await page.goto(manageUrl);
    expect(await page.locator('h1').textContent()).toBe('Subscription not found');

    // Emails as a reader sees them: the confirmation and the alert.
    for (const [name, file] of [
      ['email-confirmation', confirmMail.file],
      ['email-alert', alert.file],
    ] as const) {
      await page.goto(pathToFileURL(file).toString());
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    }
    // And two rendered samples: a list alert with sectors and identifiers, a notice.
    for (const [name, html] of [
      ['email-alert-sectors', sampleAlertHtml()],
      ['email-notice', sampleNoticeHtml()],
    ] as const) {
      await page.setContent(html);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    }
  });

  it('the accessibility scan can fail: an image without alt text and an unlabelled field are serious', async () => {
    await page.setContent(
      '<html lang="en"><title>x</title><main><img src="x.png"><input type="text"></main></html>',
    );
    expect(seriousViolations(await axeViolations(page)).map((v) => v.split(' ')[0])).toEqual(
      expect.arrayContaining(['image-alt', 'label']),
    );
  });

  it('refuses a form posted from another site', async () => {
    const res = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'email=victim%40example.com',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('the form was sent from another site');
  });
});
