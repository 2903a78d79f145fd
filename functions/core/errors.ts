/**
 * Control characters (C0, DEL, C1, line and paragraph separators) → visible escapes (`\x00`,
 * `\n`, `\u2028`), so that a reason quoting list data stays one printable line: a NUL byte or an
 * ANSI escape from a hostile or broken file never reaches a terminal, a log or an alert raw.
 */
export function escapeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/**
 * A publication that cannot be trusted. Always names the source, the record (when one is at fault)
 * and the reason, so that an operator can act on the message alone. Control characters in the
 * record and reason are escaped (`escapeControls`): the message is always one printable line.
 */
export class SourceError extends Error {
  readonly source: string;
  readonly record: string | undefined;
  readonly reason: string;

  constructor(source: string, reason: string, record?: string) {
    const safeSource = escapeControls(source);
    const safeReason = escapeControls(reason);
    const safeRecord = record === undefined ? undefined : escapeControls(record);
    super(safeRecord ? `${safeSource}: ${safeRecord}: ${safeReason}` : `${safeSource}: ${safeReason}`);
    this.name = 'SourceError';
    this.source = safeSource;
    this.record = safeRecord;
    this.reason = safeReason;
  }
}

/** Raised for configuration that is missing or invalid at start-up. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
