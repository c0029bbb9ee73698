import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Why an address may not be fetched, or null when it is a public unicast address. Only public
 * unicast is allowed: loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * multicast, broadcast, unspecified and reserved ranges are all refused. IPv4-mapped IPv6
 * addresses (`::ffff:127.0.0.1`) are judged as the IPv4 address they carry.
 */
export function blockedAddressRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'unparseable';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

/** Thrown from the connect-time lookup; the fetcher turns it into a `private_address` failure. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';

  constructor(
    readonly address: string,
    readonly range: string,
  ) {
    super(`resolves to a private address ${address} (${range})`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http/https `request` that resolves the host name and refuses the connection
 * when any address it resolves to is not public. Checking here, at connect time, rather than
 * before the request, means a host that answers DNS with a public address first and a private
 * one on the connection (DNS rebinding) is still refused.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    for (const entry of list) {
      const range = blockedAddressRange(entry.address);
      if (range) return callback(new BlockedAddressError(entry.address, range) as unknown as NodeJS.ErrnoException, []);
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
