/**
 * The pages through the local server without a browser (so they are checked where Chromium is
 * absent): security headers, the CSRF double submit on the sign-up form, a field error as HTML, the
 * confirmation email sent, JSON kept for API clients of /manage, HTML 404s.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalApi } from '../../functions/local/api';
import { type LocalRuntime, openLocalApp } from '../../functions/runtime/local';
import { type Scenario, scenario } from '../scenarios/harness';

describe('pages over the local server', () => {
  let s: Scenario;
  let runtime: LocalRuntime;
  let api: { url: string; close(): Promise<void> };
  const html = { accept: 'text/html' };

  beforeAll(async () => {
    s = await scenario();
    runtime = await openLocalApp({ dataDir: s.dataDir, shareStore: true });
    api = await startLocalApi(runtime, 0);
  });
  afterAll(async () => {
    await api?.close();
    await runtime?.close();
    await s?.close();
  });

  async function form(): Promise<{ cookie: string; token: string }> {
    const res = await fetch(`${api.url}/subscribe`, { headers: html });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie, token };
  }

  it('serves every page with the strict headers', async () => {
    for (const path of [
      '/',
      '/changes',
      '/changes?kind=added&sector=oil&from=2020-01-01&page=2',
      '/subscribe',
    ]) {
      const res = await fetch(`${api.url}${path}`, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(
        /^default-src 'none'; style-src 'sha256-[^']+'; /,
      );
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('href="/feeds/all.xml"');
    }
    const missing = await fetch(`${api.url}/entity/un-sc-consolidated:nope`, { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<h1>Page not found</h1>');
    expect((await fetch(`${api.url}/nowhere`)).status).toBe(404);
  });

  it('signs up through the form only with its token and cookie; errors sit beside their field', async () => {
    const { cookie, token } = await form();
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${api.url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.url, ...headers },
        body,
      });
    const noCookie = await post(`csrf=${encodeURIComponent(token)}&email=a%40example.com`, {});
    expect(noCookie.status).toBe(403);
    const forged = await post(`csrf=x&email=a%40example.com`, { cookie });
    expect(forged.status).toBe(403);

    const bad = await post(`csrf=${encodeURIComponent(token)}&email=nope&watch=Sovcomflot`, { cookie });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toMatch(/id="email-error"><p class="error">Error: must be an email address/);
    expect(page).toContain('name="watch" value="Sovcomflot"');
    const unknown = await post(
      `csrf=${encodeURIComponent(token)}&email=a%40example.com&sources=not-a-source`,
      {
        cookie,
      },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(
      /id="sources-error"><p class="error">Error: unknown source &#34;not-a-source&#34;/,
    );

    const ok = await post(
      `csrf=${encodeURIComponent(token)}&email=officer%40example.com&sectors=shipping&kinds=added&watch=Sovcomflot&mode=daily`,
      { cookie },
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<h1>Check your inbox</h1>');
    const outbox = await readdir(join(s.dataDir, 'outbox'));
    expect(outbox.filter((f) => f.startsWith('confirm-') && f.endsWith('.eml'))).toHaveLength(1);
  });

  it('offers minimum strength and relationship watches; their errors sit beside their field; the email says them', async () => {
    const { cookie, token } = await form();
    const post = (body: string) =>
      fetch(`${api.url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.url, cookie },
        body: `csrf=${encodeURIComponent(token)}&${body}`,
      });
    const empty = await (await fetch(`${api.url}/subscribe`, { headers: html })).text();
    ['', 'name', 'record', 'stated'].forEach((v, i) => {
      expect(empty).toContain(`name="minStrength" id="minStrength-${i}" value="${v}"`);
    });
    expect(empty).toMatch(/<input type="checkbox" name="related" id="related-0" value="yes">/);
    expect(empty).toMatch(/<select id="hops" name="hops"[^>]*><option value="1" selected>1<\/option>/);

    // A minimum strength without sectors; hops without a relationship watch; a watch without terms.
    const noSectors = await post('email=b%40example.com&minStrength=stated');
    expect(noSectors.status).toBe(400);
    const a = await noSectors.text();
    expect(a).toMatch(
      /id="minStrength-error"><p class="error">Error: a minimum strength applies to the sectors filter/,
    );
    expect(a).toContain('<a href="#minStrength-0">Minimum evidence for a sector: ');
    expect(a).toMatch(/id="minStrength-3" value="stated" checked/);
    const hops = await post('email=b%40example.com&watch=ROSTEC&hops=2');
    expect(hops.status).toBe(400);
    expect(await hops.text()).toMatch(/id="hops-error"><p class="error">Error: only with related/);
    const noTerms = await post('email=b%40example.com&related=yes&hops=3');
    expect(noTerms.status).toBe(400);
    const c = await noTerms.text();
    expect(c).toMatch(/id="related-error"><p class="error">Error: a relationship watch needs watch terms/);
    expect(c).toMatch(/<option value="3" selected>3<\/option>/);
    const badStrength = await post('email=b%40example.com&sectors=oil&minStrength=very');
    expect(badStrength.status).toBe(400);
    expect(await badStrength.text()).toMatch(/id="minStrength-error"><p class="error">Error: /);

    const ok = await post(
      'email=analyst%40example.com&sectors=oil&minStrength=record&watch=ROSTEC&related=yes&hops=2',
    );
    expect(ok.status).toBe(200);
    const outbox = join(s.dataDir, 'outbox');
    const names = (await readdir(outbox)).filter((f) => f.startsWith('confirm-') && f.endsWith('.html'));
    const mails = await Promise.all(names.map((f) => readFile(join(outbox, f), 'utf8')));
    const mail = mails.find((m) => m.includes('Relationship watch'));
    expect(mail).toBeDefined();
    expect(mail).toContain('Minimum evidence for a sector: record');
    expect(mail).toContain('within 2 hops of a watched entry');
  });

  it('keeps JSON for API clients: /manage without Accept: text/html, POST /subscriptions', async () => {
    const res = await fetch(`${api.url}/manage?token=bad`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const page = await fetch(`${api.url}/manage?token=bad`, { headers: html });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('<h1>Link not valid</h1>');
  });
});
