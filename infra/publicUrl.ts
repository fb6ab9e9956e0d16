// Outbound URLs chosen by users (price-watch webhooks) must point at the public internet: a webhook aimed
// at 127.0.0.1, a private network or a cloud metadata address would let a traveler make the platform call
// its own insides (SSRF). The API checks when the URL is saved. At delivery the worker connects through
// `publicOnlyAgent`, whose DNS lookup resolves the host once, checks every address and hands the socket
// only checked ones, so a name that resolves elsewhere by the time of the call (DNS rebinding, a TTL-0
// answer) cannot slip a private address past the check.
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/** Why `address` (one of `host`'s) may not be called, or null for a public unicast address. */
export function nonPublicAddressReason(host: string, address: string): string | null {
  let parsedAddress = ipaddr.parse(address);
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it carries.
  if (parsedAddress.kind() === 'ipv6' && (parsedAddress as ipaddr.IPv6).isIPv4MappedAddress()) parsedAddress = (parsedAddress as ipaddr.IPv6).toIPv4Address();
  const range = parsedAddress.range();
  if (range === 'unicast') return null;
  return `must point at a public host (${host} is ${range === 'loopback' ? 'loopback' : `a ${range} address`})`;
}

/**
 * Why `url` may not be called, or null when it is an http(s) URL whose host resolves only to public
 * unicast addresses. `resolveHost: false` checks the URL and a literal IP only (the connection's own
 * lookup checks names: see publicOnlyAgent).
 */
export async function nonPublicUrlReason(url: string, options: { allowPrivateHosts: boolean; resolveHost?: boolean }): Promise<string | null> {
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
  if (ipaddr.isValid(host)) return nonPublicAddressReason(host, host);
  if (options.resolveHost === false) return null;
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return `host ${host} does not resolve`;
  }
  for (const address of addresses) {
    const reason = nonPublicAddressReason(host, address);
    if (reason) return reason;
  }
  return null;
}

/** A connection refused because its host resolved to a non-public address. */
export class NonPublicAddressError extends Error {
  readonly code = 'ENONPUBLICADDRESS';

  constructor(readonly reason: string) {
    super(`refused to connect: the URL ${reason}`);
    this.name = 'NonPublicAddressError';
  }
}

/** The refusal behind a failed request (fetch wraps connection errors in `cause`), if that is why it failed. */
export function nonPublicAddressReasonOf(error: unknown): string | null {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof NonPublicAddressError) return current.reason;
  }
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name resolution, replaceable in tests: every address of `hostname`. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for sockets: resolves the host once, refuses the connection unless every address is public
 * (or private hosts are allowed), and returns only those checked addresses for the socket to connect to.
 */
export function checkedLookup(options: { allowPrivateHosts: boolean; resolve?: HostResolver }): LookupFunction {
  const resolve = options.resolve ?? systemResolver;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (resolved) => {
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const addresses = family === 4 || family === 6 ? resolved.filter((entry) => entry.family === family) : resolved;
        const refusal = options.allowPrivateHosts ? null : addresses.map((entry) => nonPublicAddressReason(hostname, entry.address)).find((reason) => reason !== null);
        const first = addresses[0];
        if (refusal) return callback(new NonPublicAddressError(refusal), '', 0);
        if (!first) return callback(Object.assign(new Error(`host ${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
        // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** An HTTP dispatcher whose connections go only to addresses that passed the check (see checkedLookup). */
export function publicOnlyAgent(options: { allowPrivateHosts: boolean; resolve?: HostResolver }): Agent {
  return new Agent({ connect: { lookup: checkedLookup(options) } });
}
