/**
 * Renders a sample alert email (the same renderer as delivery, with list data that needs
 * escaping) to HTML and screenshots it with headless Chromium (Debian's `chromium`).
 *
 *   npx tsx scripts/render-email-png.ts [out.png]     (default: ./alert-email.png)
 *
 * Exits 3 with a message when /usr/bin/chromium is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChangeBatch } from '../functions/core/changes';
import { matchBatch } from '../functions/dispatch/match';
import { renderEmail } from '../functions/render/email';

export const CHROMIUM = '/usr/bin/chromium';

/** The one immediate email subscriber the samples are rendered for, matched against `batch`. */
function sampleAlertFor(batch: ChangeBatch, target: string) {
  const [alert] = matchBatch(
    [
      {
        id: 'sub_sample',
        channel: 'email',
        target,
        filters: {},
        mode: 'immediate',
        status: 'active',
        createdAt: '',
      },
    ],
    batch,
  );
  if (!alert) throw new Error(`sample batch ${batch.id} matched no subscriber`);
  return alert;
}

/** The links a sample email carries (our local site, a sample token). */
function sampleLinks(batch: ChangeBatch) {
  return {
    publicationUrl: batch.url,
    unsubscribeUrl: 'http://127.0.0.1:8787/unsubscribe?token=sample',
    oneClickUnsubscribeUrl: 'http://127.0.0.1:8787/unsubscribe?token=sample',
    manageUrl: 'http://127.0.0.1:8787/manage?token=sample',
  };
}

export function sampleAlertHtml(): string {
  const sha = 'f'.repeat(64);
  const batch: ChangeBatch = {
    id: `us-ofac-sdn:${sha}`,
    source: 'us-ofac-sdn',
    sourceKind: 'list',
    url: 'https://ofac.treasury.gov/sanctions-list-service',
    detectedAt: '2025-03-01T09:00:00.000Z',
    publication: { published: '2025-03-01', records: 17800, sha256: sha },
    summary: { added: 2, removed: 1, amended: 1 },
    changes: [
      {
        kind: 'added',
        id: '50001',
        name: 'Ocean <Star> "Shipping" & Co',
        entityType: 'entity',
        regimes: ['RUSSIA-EO14024'],
        subject: {
          aliases: [],
          nonLatinNames: [],
          countries: ['Russia'],
          identifiers: ['9123456', 'OCSTRUMM'],
          typedIdentifiers: [
            { type: 'imo', value: '9123456' },
            { type: 'swift-bic', value: 'OCSTRUMM' },
            { type: 'registration', value: '1027700132195' },
          ],
          birthDates: [],
          nationalities: [],
        },
        sectors: [
          {
            sector: 'shipping',
            strength: 'record',
            evidence: [
              {
                field: 'attributes.vesselType',
                text: 'Crude Oil Tanker',
                rule: 'sample',
                strength: 'record',
              },
            ],
          },
        ],
        fields: [],
        material: true,
      },
      {
        kind: 'added',
        id: '50002',
        name: 'Petrov, Ivan',
        entityType: 'individual',
        regimes: ['RUSSIA-EO14024'],
        subject: {
          aliases: ['PETROV, Ivan Sergeyevich'],
          nonLatinNames: [],
          countries: ['Russia'],
          identifiers: ['7512 345678'],
          typedIdentifiers: [{ type: 'passport', value: '7512 345678' }],
          birthDates: ['1970-08-01'],
          nationalities: ['Russia'],
        },
        sectors: [],
        fields: [],
        material: true,
      },
      {
        kind: 'removed',
        id: '40001',
        name: 'Old Bank <script>alert(1)</script>',
        entityType: 'entity',
        regimes: ['UKRAINE-EO13662'],
        sectors: [
          {
            sector: 'financial-services',
            strength: 'stated',
            evidence: [{ field: 'reasons', text: 'bank', rule: 'sample', strength: 'stated' }],
          },
        ],
        fields: [],
        material: true,
      },
      {
        kind: 'amended',
        id: '30001',
        name: 'Arctic Gas LLC',
        entityType: 'entity',
        regimes: ['RUSSIA-EO14024'],
        sectors: [
          {
            sector: 'gas',
            strength: 'name',
            evidence: [{ field: 'name', text: 'Gas', rule: 'sample', strength: 'name' }],
          },
        ],
        fields: [{ field: 'aliases', before: [], after: [{ name: 'AG LLC', type: 'aka' }], material: true }],
        material: true,
      },
    ],
  };
  const alert = sampleAlertFor(batch, 'sample@example.com');
  return renderEmail({
    alert,
    batch,
    sourceTitle: 'OFAC Specially Designated Nationals (SDN) List',
    // A subscriber watching a name: that change comes first.
    filters: { watch: ['Petrov'] },
    siteUrl: 'http://127.0.0.1:8787',
    links: sampleLinks(batch),
  }).html;
}

/** A notice alert (an official feed's announcement), as a feed subscriber receives it. */
export function sampleNoticeHtml(): string {
  const sha = 'e'.repeat(64);
  const batch: ChangeBatch = {
    id: `us-ofac-recent-actions:${sha}`,
    source: 'us-ofac-recent-actions',
    sourceKind: 'feed',
    url: 'https://ofac.treasury.gov/recent-actions',
    detectedAt: '2025-03-01T09:05:00.000Z',
    publication: { records: 20, sha256: sha },
    summary: { added: 0, removed: 0, amended: 0, notices: 1 },
    changes: [],
    notices: [
      {
        id: 'https://ofac.treasury.gov/recent-actions/20250301',
        title: 'Russia-related Designations; Counter Terrorism Designations Updates',
        link: 'https://ofac.treasury.gov/recent-actions/20250301',
        published: '2025-03-01T08:30:00Z',
        regimes: ['RUSSIA-EO14024', 'SDGT'],
        names: ['OCEAN STAR SHIPPING CO', 'PETROV, Ivan'],
        sectors: [],
        summary: 'The Department of the Treasury has designated two persons under E.O. 14024.',
      },
    ],
  };
  const alert = sampleAlertFor(batch, 'a@example.com');
  return renderEmail({
    alert,
    batch,
    sourceTitle: 'OFAC Recent Actions',
    siteUrl: 'http://127.0.0.1:8787',
    links: sampleLinks(batch),
  }).html;
}

/** Screenshots `html` to `png` with headless Chromium; resolves with the PNG's size in bytes. */
export async function renderHtmlToPng(html: string, png: string, chromium = CHROMIUM): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'sn-email-png-'));
  try {
    const page = join(dir, 'email.html');
    await writeFile(page, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--screenshot=${png}`,
      '--window-size=800,1400',
      pathToFileURL(page).href,
    ];
    await new Promise<void>((ok, fail) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr?.on('data', (d) => {
        err += d;
      });
      child.on('error', fail);
      child.on('exit', (c) => (c === 0 ? ok() : fail(new Error(`chromium exited ${c}: ${err.slice(-500)}`))));
    });
    return (await stat(png)).size;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '');
if (invokedDirectly) {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`${CHROMIUM} not found: install Debian's chromium to render the email to PNG\n`);
    process.exitCode = 3;
  } else {
    const out = resolve(process.argv[2] ?? 'alert-email.png');
    renderHtmlToPng(sampleAlertHtml(), out).then(
      (size) => process.stdout.write(`${out} (${size} bytes)\n`),
      (error) => {
        process.stderr.write(`error: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  }
}
