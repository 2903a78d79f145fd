/**
 * A publication that cannot be trusted. Always names the source, the record (when one is at fault)
 * and the reason, so that an operator can act on the message alone.
 */
export class SourceError extends Error {
  readonly source: string;
  readonly record: string | undefined;
  readonly reason: string;

  constructor(source: string, reason: string, record?: string) {
    super(record ? `${source}: ${record}: ${reason}` : `${source}: ${reason}`);
    this.name = 'SourceError';
    this.source = source;
    this.record = record;
    this.reason = reason;
  }
}

/** Raised for configuration that is missing or invalid at start-up. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
