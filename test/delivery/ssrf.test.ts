import { describe, expect, it } from 'vitest';
import { classifyIp, type HostLookup, resolveWebhookTarget } from '../../functions/send/ssrf';

describe('classifyIp', () => {
  const table: [string, ReturnType<typeof classifyIp>][] = [
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'reserved'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2::253', 'private'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::808:808', 'public'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:81c::200e', 'public'],
  ];
  it.each(table)('given %s, when classified, then it is %s', (ip, expected) => {
    expect(classifyIp(ip)).toBe(expected);
  });

  it('given text that is not an address, when classified, then it throws', () => {
    expect(() => classifyIp('example.com')).toThrow(/not an IP address/);
    expect(() => classifyIp('1.2.3')).toThrow();
    expect(() => classifyIp('::g')).toThrow();
  });
});

describe('resolveWebhookTarget', () => {
  /** A resolver over a fixed table: the pure lookup parameter, not a mock of the system resolver. */
  const hosts: Record<string, string[]> = {
    'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'rebind.example.com': ['93.184.216.34', '127.0.0.1'],
    'internal.example.com': ['10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
    'v6meta.example.com': ['fd00:ec2::254'],
    'mapped.example.com': ['::ffff:192.168.0.1'],
    'cgnat.example.com': ['100.100.1.1'],
    'empty.example.com': [],
  };
  const lookup: HostLookup = async (host) => {
    const found = hosts[host];
    if (!found) throw new Error(`ENOTFOUND ${host}`);
    return found;
  };
  const resolve = (url: string, allowPrivate = false) => resolveWebhookTarget(url, { allowPrivate, lookup });

  it('given a host whose addresses are all public, when resolved, then the URL and the first address are returned', async () => {
    const target = await resolve('https://hooks.example.com/sanctions?x=1');
    expect(target.address).toBe('93.184.216.34');
    expect(target.url.href).toBe('https://hooks.example.com/sanctions?x=1');
  });

  it.each([
    ['https://rebind.example.com/', /127\.0\.0\.1, a loopback/],
    ['https://internal.example.com/', /private/],
    ['https://metadata.example.com/', /metadata/],
    ['https://v6meta.example.com/', /metadata/],
    ['https://mapped.example.com/', /private/],
    ['https://cgnat.example.com/', /cgnat/],
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://0x7f.0.0.1/hook', /loopback/],
    ['http://2130706433/hook', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://[::ffff:169.254.169.254]/', /metadata/],
    ['http://localhost:3000/', /loopback name/],
    ['http://api.localhost/', /loopback name/],
    ['ftp://hooks.example.com/', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['https://user:pass@hooks.example.com/', /credentials/],
    ['https://empty.example.com/', /no address/],
    ['https://unknown.example.com/', /does not resolve/],
    ['not a url', /not a valid URL/],
  ])('given %s, when resolved, then it is refused', async (url, reason) => {
    await expect(resolve(url)).rejects.toThrow(reason);
  });

  it('given allowPrivate, when the host is loopback or private, then it is allowed (local testing)', async () => {
    expect((await resolve('http://127.0.0.1:8080/hook', true)).address).toBe('127.0.0.1');
    expect((await resolve('https://internal.example.com/', true)).address).toBe('10.0.0.5');
  });

  it('given allowPrivate, when the scheme or credentials are wrong, then it is still refused', async () => {
    await expect(resolve('ftp://127.0.0.1/', true)).rejects.toThrow(/http or https/);
    await expect(resolve('http://u:p@127.0.0.1/', true)).rejects.toThrow(/credentials/);
  });

  it('given allowPrivate, when the host is a cloud metadata address, then it is still refused', async () => {
    await expect(resolve('http://169.254.169.254/latest/meta-data/', true)).rejects.toThrow(
      /metadata address/,
    );
    await expect(resolve('http://[fd00:ec2::254]/', true)).rejects.toThrow(/metadata address/);
  });
});
