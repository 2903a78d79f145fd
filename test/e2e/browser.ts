/**
 * Debian's Chromium driven by playwright-core, for the end-to-end tests of the pages: one browser
 * per test file, a fresh profile, no network beyond loopback. Tests skip with a message when
 * /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  console.warn(`${CHROMIUM} not found: the browser tests are skipped (apt-get install -y chromium)`);

/** A browser context on a fresh profile (`--user-data-dir`, as Playwright passes it for a persistent context). */
export async function launchBrowser(
  viewport = { width: 1100, height: 800 },
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'sn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
