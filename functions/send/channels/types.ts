import type { AttemptResult } from '../retry';

/** One email ready to go: the raw MIME message (from `buildMime`) and its envelope. */
export interface OutgoingEmail {
  from: string;
  to: string;
  /** The complete RFC 5322 message, headers included. */
  raw: string;
  /** The HTML part, kept beside the .eml by the outbox channel. */
  html: string;
  /** Stable name for this message (delivery id and page); the outbox uses it as file name. */
  name: string;
}

export interface EmailChannel {
  readonly kind: 'ses' | 'smtp' | 'outbox';
  send(email: OutgoingEmail): Promise<AttemptResult>;
}

/** One HTTP POST of a JSON body to a subscriber's endpoint. */
export interface OutgoingPost {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface PostChannel {
  send(post: OutgoingPost): Promise<AttemptResult>;
}
