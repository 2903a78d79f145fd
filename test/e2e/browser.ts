/**
 * Debian's Chromium driven by playwright-core, for the end-to-end tests of the pages: one browser
 * per test file, a fresh profile, no network beyond loopback. Tests skip with a message when
 * /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

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

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page (evaluated over the DevTools protocol, so the page's CSP is untouched). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
  });
  return result.violations;
}

/** Violations an accessibility review must fix (axe impact serious or critical), one line each. */
export function seriousViolations(violations: readonly AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`,
    );
}

/**
 * Screenshots go to docs/screenshots/ when UPDATE_SCREENSHOTS=1 (commit them), else to a temp dir,
 * so an ordinary test run leaves the worktree clean.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '../../docs/screenshots')
    : join(tmpdir(), 'sn-screenshots');
