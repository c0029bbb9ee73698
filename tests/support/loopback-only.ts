import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

/**
 * Every test file runs with this first (vitest `setupFiles`): the suite is offline and talks only
 * to servers it starts on 127.0.0.1, so a name lookup other than `localhost` or a connection to any
 * address off loopback is a bug in a test, and fails at once with this message instead of reaching
 * out (or hanging on a DNS server that is not there).
 */
const loopbackNames = new Set(['localhost', 'localhost.']);
const isLoopback = (host: string) => loopbackNames.has(host) || net.isIP(host) !== 0 && (host.startsWith('127.') || host === '::1' || host === '::ffff:127.0.0.1');

function offLoopback(what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`the test suite only reaches loopback; refused ${what}`), { code: 'ECONNREFUSED' });
}

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  const callback = rest[rest.length - 1] as (error: NodeJS.ErrnoException | null) => void;
  if (!isLoopback(hostname) && net.isIP(hostname) === 0) {
    process.nextTick(() => callback(offLoopback(`a DNS lookup of ${hostname}`)));
    return;
  }
  return (lookup as (...args: unknown[]) => void).call(dns, hostname, ...rest);
} as typeof dns.lookup;

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedLookup(hostname: string, options?: unknown) {
  if (!isLoopback(hostname) && net.isIP(hostname) === 0) throw offLoopback(`a DNS lookup of ${hostname}`);
  return (promisesLookup as (host: string, options?: unknown) => Promise<unknown>).call(dns.promises, hostname, options);
} as typeof dns.promises.lookup;

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  // net.connect() hands over its arguments already normalised, as one array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const options = typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as net.NetConnectOpts) : null;
  const path = options && 'path' in options ? options.path : typeof first === 'string' && Number.isNaN(Number(first)) ? first : null;
  const host = options ? ('host' in options ? options.host : undefined) : typeof second === 'string' ? second : undefined;
  // A Unix socket path, or a host name the guarded lookup above judges: only IP literals are checked here.
  if (!path && host && net.isIP(host) !== 0 && !isLoopback(host)) {
    const error = offLoopback(`a connection to ${host}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

syncBuiltinESMExports();
