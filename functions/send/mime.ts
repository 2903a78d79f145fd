/**
 * A minimal RFC 5322 / MIME writer for alert emails: multipart/alternative with a quoted-printable
 * UTF-8 text part and a base64 UTF-8 HTML part, an RFC 2047 encoded subject, and header values
 * checked so that nothing can add a header. Pure: the message id and date are parameters.
 */
import { createHash } from 'node:crypto';

export interface MimeInput {
  /** `addr@example.com` or `Display Name <addr@example.com>` (display name in printable ASCII). */
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers (e.g. List-Unsubscribe). Structural headers cannot be overridden. */
  headers?: Record<string, string>;
  /** `<unique@domain>` */
  messageId: string;
  date: Date;
}

const CRLF = '\r\n';
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

export class MimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MimeError';
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function checkValue(name: string, value: string): void {
  if (CONTROL.test(value)) throw new MimeError(`header ${name} contains a line break or control character`);
}

const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

function checkMailbox(name: string, value: string): string {
  checkValue(name, value);
  const m = /^([\x20-\x7e]*?)\s*<([^<>]+)>$/.exec(value.trim());
  const address = m ? m[2]! : value.trim();
  if (!ADDRESS.test(address)) throw new MimeError(`header ${name} is not an email address`);
  if (m) {
    const display = m[1]!.trim();
    if (display === '') return `<${address}>`;
    const quoted = /^[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]+$/.test(display)
      ? display
      : `"${display.replace(/["\\]/g, '\\$&')}"`;
    return `${quoted} <${address}>`;
  }
  return address;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date in UTC: `Tue, 25 Nov 2025 02:27:00 +0000`. */
export function rfc5322Date(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new MimeError('invalid date');
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * RFC 2047 `=?UTF-8?B?…?=` encoded words, each at most 75 characters, never splitting a character;
 * joined with folding whitespace. Printable ASCII subjects are kept as they are.
 */
export function encodeHeaderWords(value: string): string {
  // Printable ASCII stays readable, folded at spaces, unless a word is too long to fold.
  if (
    /^[\x20-\x7e]*$/.test(value) &&
    !value.includes('=?') &&
    value.split(' ').every((w) => w.length <= 900)
  ) {
    return fold(value, 'Subject: '.length);
  }
  const words: string[] = [];
  let chunk = '';
  // 45 bytes of UTF-8 → 60 base64 characters; with `=?UTF-8?B?` and `?=` that is 72 ≤ 75.
  for (const ch of Array.from(value)) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(`${CRLF} `);
}

/** Folds a header value at spaces so that lines stay under 78 characters where possible. */
function fold(value: string, first = 0): string {
  const out: string[] = [];
  let line = '';
  let limit = 78 - first;
  for (const word of value.split(' ')) {
    if (line && line.length + 1 + word.length > limit) {
      out.push(line);
      line = word;
      limit = 77;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  out.push(line);
  return out.join(`${CRLF} `);
}

/** Quoted-printable (RFC 2045) of UTF-8 text with CRLF line breaks, lines at most 76 characters. */
export function quotedPrintable(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const tokens: string[] = [];
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const plain = (b >= 33 && b <= 126 && b !== 61) || (b === 32 && !last) || (b === 9 && !last);
        tokens.push(plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
      });
      const out: string[] = [];
      let current = '';
      for (const t of tokens) {
        if (current.length + t.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += t;
      }
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g)
      ?.join(CRLF) ?? ''
  );
}

export function buildMime(input: MimeInput): string {
  const from = checkMailbox('From', input.from);
  const to = checkMailbox('To', input.to);
  if (!/^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(input.messageId)) {
    throw new MimeError('Message-ID must look like <unique@domain>');
  }
  checkValue('Subject', input.subject);
  const headers: string[] = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${encodeHeaderWords(input.subject)}`,
    `Date: ${rfc5322Date(input.date)}`,
    `Message-ID: ${input.messageId}`,
    'MIME-Version: 1.0',
  ];
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (!/^[A-Za-z0-9-]{1,76}$/.test(name))
      throw new MimeError(`invalid header name ${JSON.stringify(name.slice(0, 80))}`);
    if (RESERVED.has(name.toLowerCase()))
      throw new MimeError(`header ${name} is set by buildMime and cannot be overridden`);
    checkValue(name, value);
    if (!/^[\x20-\x7e\t]*$/.test(value)) throw new MimeError(`header ${name} must be printable ASCII`);
    const folded = `${name}: ${fold(value, name.length + 2)}`;
    if (folded.split(CRLF).some((line) => line.length > 998))
      throw new MimeError(`header ${name} has a word longer than a line`);
    headers.push(folded);
  }
  // The boundary cannot occur in either body: base64 and quoted-printable never produce "=_".
  const boundary = `=_sn_${createHash('sha256').update(input.messageId).digest('hex').slice(0, 32)}`;
  headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  return [
    ...headers,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(input.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(input.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
