import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, renderHtmlToPng, sampleAlertHtml } from '../../scripts/render-email-png';

const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  console.warn(`${CHROMIUM} not found: the email screenshot test is skipped (install Debian's chromium)`);

describe('alert email rendered in headless Chromium', () => {
  it('escapes list data in the sample', () => {
    const html = sampleAlertHtml();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Arctic Gas LLC');
  });

  it.skipIf(!HAVE_CHROMIUM)('screenshots to a non-empty PNG', async () => {
    const png = join(await mkdtemp(join(tmpdir(), 'sn-png-')), 'email.png');
    const size = await renderHtmlToPng(sampleAlertHtml(), png);
    expect(size).toBeGreaterThan(1000);
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
