import type { AttemptResult } from '../retry';
import type { OutgoingPost, PostChannel } from './types';
import { guardedPost, type HttpChannelOptions } from './webhook-http';

export const SLACK_WEBHOOK_HOST = 'hooks.slack.com';

/**
 * Why a Slack incoming-webhook URL is refused, or undefined when it is acceptable: https on
 * hooks.slack.com only, unless private targets are allowed (local testing against a loopback
 * receiver).
 */
export function slackUrlProblem(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (allowPrivate) return undefined;
  if (parsed.protocol !== 'https:' || parsed.hostname !== SLACK_WEBHOOK_HOST || parsed.port !== '') {
    return `Slack incoming webhooks must be https://${SLACK_WEBHOOK_HOST}/…`;
  }
  return undefined;
}

/** Slack incoming webhooks: a Block Kit JSON message POSTed through the same guarded client. */
export function slackChannel(options: HttpChannelOptions): PostChannel {
  return {
    async send(post: OutgoingPost): Promise<AttemptResult> {
      const problem = slackUrlProblem(post.url, options.allowPrivate);
      if (problem) return { ok: false, retryable: false, reason: `target refused: ${problem}` };
      return guardedPost(post, options);
    },
  };
}
