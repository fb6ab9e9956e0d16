// Outbound URLs chosen by users (price-watch webhooks) must point at the public internet: a webhook aimed
// at 127.0.0.1, a private network or a cloud metadata address would let a traveler make the platform call
// its own insides (SSRF). The API checks when the URL is saved; the worker checks again right before each
// delivery, because a name can resolve differently later (DNS rebinding).
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Why `url` may not be called, or null when it is an http(s) URL whose host resolves only to public unicast addresses. */
export async function nonPublicUrlReason(url: string, options: { allowPrivateHosts: boolean }): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (options.allowPrivateHosts) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      return `host ${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    let parsedAddress = ipaddr.parse(address);
    // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it carries.
    if (parsedAddress.kind() === 'ipv6' && (parsedAddress as ipaddr.IPv6).isIPv4MappedAddress()) parsedAddress = (parsedAddress as ipaddr.IPv6).toIPv4Address();
    const range = parsedAddress.range();
    if (range !== 'unicast') return `must point at a public host (${host} is ${range === 'loopback' ? 'loopback' : `a ${range} address`})`;
  }
  return null;
}
