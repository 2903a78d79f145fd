/**
 * SSRF guard for webhook targets: only public unicast addresses are reachable, unless private
 * targets are explicitly allowed (`ALLOW_PRIVATE_WEBHOOK_TARGETS=true`, local testing only).
 * The HTTP sender must connect to the returned `address` (not resolve the host again), so that a
 * DNS answer cannot change between the check and the connection.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type IpClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

function parseIpv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

const v4 = (a: number, b: number, c: number, d: number) => ((a * 256 + b) * 256 + c) * 256 + d;
const inV4 = (n: number, base: number, bits: number) =>
  Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits));

/** Ranges checked in order: the first that contains the address gives its class. */
const V4_RANGES: [number, number, IpClass][] = [
  [v4(169, 254, 169, 254), 32, 'metadata'], // AWS, GCP, Azure, … instance metadata
  [v4(169, 254, 170, 2), 32, 'metadata'], // AWS ECS task metadata
  [v4(100, 100, 100, 200), 32, 'metadata'], // Alibaba Cloud metadata
  [v4(0, 0, 0, 0), 8, 'unspecified'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'cgnat'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'], // IETF protocol assignments
  [v4(192, 0, 2, 0), 24, 'reserved'], // TEST-NET-1
  [v4(192, 88, 99, 0), 24, 'reserved'], // 6to4 relay anycast (deprecated)
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'], // benchmarking
  [v4(198, 51, 100, 0), 24, 'reserved'], // TEST-NET-2
  [v4(203, 0, 113, 0), 24, 'reserved'], // TEST-NET-3
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'], // including 255.255.255.255
];

function classifyV4(n: number): IpClass {
  for (const [base, bits, cls] of V4_RANGES) if (inV4(n, base, bits)) return cls;
  return 'public';
}

/** Eight 16-bit groups, or undefined when not an IPv6 address. Accepts a dotted IPv4 tail. */
function parseIpv6(ip: string): number[] | undefined {
  let text = ip;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const n = parseIpv4(text.slice(lastColon + 1));
    if (n === undefined) return undefined;
    tail.push(Math.floor(n / 65536), n % 65536);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const head = group(halves[0] ?? '');
  const rest = halves.length === 2 ? group(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const out: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out.push(Number.parseInt(g, 16));
  }
  if (tail.length) out.splice(6, 2, ...tail);
  return out;
}

function classifyV6(g: number[]): IpClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = () => classifyV4(g6 * 65536 + g7);
  const zeroTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d: never a legitimate webhook address; keep the embedded class when it
  // names one, otherwise refuse it as reserved.
  if (zeroTo(5) && g5 === 0xffff) {
    const cls = embedded();
    return cls === 'public' ? 'reserved' : cls;
  }
  // IPv4-compatible ::a.b.c.d (deprecated) and IPv4-translated ::ffff:0:a.b.c.d.
  if (zeroTo(6) || (zeroTo(4) && g4 === 0xffff && g5 === 0)) {
    const cls = embedded();
    return cls === 'public' ? 'reserved' : cls;
  }
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return embedded();
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private'; // 64:ff9b:1::/48 local-use NAT64
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g7 === 0x254) {
    return 'metadata'; // AWS instance metadata over IPv6, fd00:ec2::254
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2002) return classifyV4(g1 * 65536 + g2); // 6to4 reaches the IPv4 address in bits 16–47
  if (g0 === 0x2001 && g1 === 0) return 'reserved'; // Teredo hides an IPv4 address
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if ((g0 & 0xfff0) === 0x3ff0) return 'reserved'; // 3fff::/20 documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard-only 100::/64
  if ((g0 & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  return 'public';
}

/** The class of an IPv4 or IPv6 address (brackets and zone ids accepted). Throws if not an address. */
export function classifyIp(ip: string): IpClass {
  let text = ip.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const family = isIP(text);
  if (family === 4) return classifyV4(parseIpv4(text)!);
  if (family === 6) {
    const groups = parseIpv6(text);
    if (groups) return classifyV6(groups);
  }
  throw new WebhookTargetError(`not an IP address: ${JSON.stringify(ip.slice(0, 64))}`);
}

export type HostLookup = (host: string) => Promise<string[]>;

/** Every address of `host` (IPv4 and IPv6), as the system resolver gives them. */
export const systemLookup: HostLookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks a webhook URL before each delivery: http(s) only, no credentials, and every address the
 * host resolves to public (a host with one public and one private address is refused). Returns the
 * parsed URL and the address to connect to.
 */
export async function resolveWebhookTarget(
  url: string,
  options: { allowPrivate: boolean; lookup?: HostLookup },
): Promise<{ url: URL; address: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookTargetError('the webhook target is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new WebhookTargetError(
      `the webhook target must use http or https, not ${parsed.protocol.replace(':', '')}`,
    );
  }
  if (parsed.username || parsed.password)
    throw new WebhookTargetError('the webhook target must not contain credentials');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new WebhookTargetError('the webhook target has no host');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    const name = host.toLowerCase().replace(/\.$/, '');
    if (!options.allowPrivate && (name === 'localhost' || name.endsWith('.localhost'))) {
      throw new WebhookTargetError(`the webhook host ${name} is a loopback name`);
    }
    try {
      addresses = await (options.lookup ?? systemLookup)(host);
    } catch (error) {
      throw new WebhookTargetError(`the webhook host ${host} does not resolve: ${(error as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new WebhookTargetError(`the webhook host ${host} resolves to no address`);
  if (!options.allowPrivate) {
    for (const address of addresses) {
      const cls = classifyIp(address);
      if (cls !== 'public') {
        throw new WebhookTargetError(
          `the webhook host ${host} resolves to ${address}, a ${cls} address: refused (only public addresses are reachable)`,
        );
      }
    }
  } else {
    // Local testing may reach loopback and private receivers, never a cloud metadata service (the
    // same rule as when a target is added).
    for (const address of addresses) {
      if (classifyIp(address) === 'metadata') {
        throw new WebhookTargetError(
          `the webhook host ${host} resolves to ${address}, a metadata address: refused even with ALLOW_PRIVATE_WEBHOOK_TARGETS`,
        );
      }
    }
  }
  return { url: parsed, address: addresses[0]! };
}
