/**
 * The pages' document: one small stylesheet inline (allowed by its hash in the
 * Content-Security-Policy, no inline script anywhere, no third-party asset), a header with the
 * navigation and the Atom links, and a footer. Pure.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../common';

export const STYLESHEET = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4d4d4d;--line:#c8c8c8;--link:#0b4fb3;--bg:#fff;--soft:#f3f5f8;--bad:#a4000f;--ok:#0a6b2d}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
header.site{border-bottom:1px solid var(--line);background:var(--soft)}
header.site .in,main,footer .in{max-width:1040px;margin:0 auto;padding:12px 20px}
header.site nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px;margin:0;padding:0}
header.site .brand{font-weight:700;margin-right:12px}
h1{font-size:1.6rem;margin:.6em 0 .4em}h2{font-size:1.25rem;margin:1.4em 0 .4em}h3{font-size:1.05rem;margin:1em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.4em 0 1em}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft)}
.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}.small{font-size:.875rem}
.chip{display:inline-block;border:1px solid var(--muted);border-radius:10px;padding:0 8px;margin:0 4px 2px 0;font-size:.8rem}
.health-ok{color:var(--ok)}.health-failing,.health-stale{color:var(--bad);font-weight:700}
.kind{font-weight:700}
.change{border-top:1px solid var(--line);padding:8px 0}
.before{background:#fde8e8}.after{background:#e6f4ea}
form.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;background:var(--soft);padding:12px;border-radius:6px}
form.filters label{display:flex;flex-direction:column;font-size:.875rem}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 14px;padding:8px 12px}
legend{font-weight:700}
.field{margin:0 0 14px}.field>label{display:block;font-weight:700}
.checks{display:flex;flex-wrap:wrap;gap:2px 16px}
input[type=text],input[type=email],input[type=date],select{font:inherit;padding:4px 6px;border:1px solid var(--muted);border-radius:4px;max-width:100%}
input[type=text],input[type=email]{width:32rem}
button{font:inherit;padding:6px 14px;border:1px solid var(--link);border-radius:4px;background:var(--link);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--bad);border-color:var(--bad)}
.error{color:var(--bad);font-weight:700;margin:2px 0}
.notice-box{border-left:4px solid var(--link);background:var(--soft);padding:8px 12px;margin:12px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
figcaption{font-weight:700;font-size:.9rem}
svg text{font:11px system-ui,Arial,sans-serif;fill:#1a1a1a}
.pager{display:flex;gap:16px;margin:16px 0}
.slot{border:1px dashed var(--line);padding:8px 12px}
footer{border-top:1px solid var(--line);margin-top:32px;color:var(--muted);font-size:.875rem}
`
  .trim()
  .replace(/\n/g, '');

/** The CSP source expression allowing exactly the stylesheet above. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export interface AtomLink {
  title: string;
  href: string;
}

export interface PageOptions {
  title: string;
  /** The page body (already escaped HTML). */
  body: string;
  /** Our Atom feeds that fit the page (always also the feed of every change). */
  atom?: AtomLink[];
  /** Which nav entry is current. */
  current?: '/' | '/changes' | '/subscribe';
}

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/changes', 'Changes'],
  ['/subscribe', 'Subscribe'],
];

export const ALL_FEED: AtomLink = { title: 'Every change (Atom)', href: '/feeds/all.xml' };

export function pageDocument(o: PageOptions): string {
  const atom = [ALL_FEED, ...(o.atom ?? []).filter((a) => a.href !== ALL_FEED.href)];
  const nav = NAV.map(
    ([href, label]) =>
      `<li><a href="${href}"${o.current === href ? ' aria-current="page"' : ''}>${label}</a></li>`,
  ).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(o.title)} · Sanctions notifier</title>`,
    ...atom.map(
      (a) =>
        `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(a.title)}" href="${escapeHtml(a.href)}">`,
    ),
    `<style>${STYLESHEET}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to content</a>',
    `<header class="site"><div class="in"><nav aria-label="Main"><ul><li class="brand">Sanctions notifier</li>${nav}</ul></nav></div></header>`,
    `<main id="main"><h1>${escapeHtml(o.title)}</h1>`,
    o.body,
    '</main>',
    `<footer><div class="in"><p>Feeds: ${atom.map((a) => `<a href="${escapeHtml(a.href)}">${escapeHtml(a.title)}</a>`).join(' · ')}</p><p>Data from the official publications of FCDO/OFSI, OFAC, the EU and the UN; always check the official publication before acting.</p></div></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
