/** The signed links of a subscription that go into emails: unsubscribe, manage, confirm. */
import { signToken } from './tokens';

/** Manage links expire after this long; unsubscribe links never do (RFC 8058 mail may be old). */
export const MANAGE_LINK_SECONDS = 180 * 24 * 3600;
export const CONFIRM_LINK_SECONDS = 7 * 24 * 3600;

export interface SubscriberLinks {
  unsubscribeUrl: string;
  oneClickUnsubscribeUrl: string;
  manageUrl: string;
}

/** The signed links of one subscription, as of `nowSeconds`. */
export function subscriberLinks(
  baseUrl: string,
  tokenKey: string,
  subscriptionId: string,
  nowSeconds: number,
): SubscriberLinks {
  const unsubscribe = signToken(tokenKey, { sub: subscriptionId, action: 'unsubscribe' });
  const manage = signToken(tokenKey, {
    sub: subscriptionId,
    action: 'manage',
    exp: nowSeconds + MANAGE_LINK_SECONDS,
  });
  const unsubscribeUrl = `${baseUrl}/unsubscribe?token=${encodeURIComponent(unsubscribe)}`;
  return {
    unsubscribeUrl,
    oneClickUnsubscribeUrl: unsubscribeUrl,
    manageUrl: `${baseUrl}/manage?token=${encodeURIComponent(manage)}`,
  };
}

export function confirmUrl(
  baseUrl: string,
  tokenKey: string,
  subscriptionId: string,
  nowSeconds: number,
): string {
  const token = signToken(tokenKey, {
    sub: subscriptionId,
    action: 'confirm',
    exp: nowSeconds + CONFIRM_LINK_SECONDS,
  });
  return `${baseUrl}/confirm?token=${encodeURIComponent(token)}`;
}
