import type { IncomingMessage } from 'node:http';

import { cidrContains, parseCidr, parseIpAddress, type CidrBlock } from '../policy/ip-cidr.js';

/** Parses `--trusted-proxy` values; an invalid CIDR is an error naming it. */
export function parseTrustedProxies(values: string[]): CidrBlock[] {
  return values.map((value) => {
    const block = parseCidr(value.includes('/') ? value : value.includes(':') ? `${value}/128` : `${value}/32`);
    if (block === undefined) throw new Error(`invalid --trusted-proxy ${JSON.stringify(value)}: expected an IP address or CIDR block`);
    return block;
  });
}

/**
 * The client address for aws:SourceIp: the TCP peer, unless the peer is a trusted proxy,
 * in which case the `X-Forwarded-For` entries are read from the right and the first
 * address not in a trusted range is the client. A client cannot claim an address by
 * sending the header itself, because its own peer address is not trusted.
 */
export function sourceAddress(req: IncomingMessage, trustedProxies: CidrBlock[]): string {
  const peer = normalise(req.socket.remoteAddress ?? '');
  if (!isTrusted(peer, trustedProxies)) return peer;
  const forwarded = req.headers['x-forwarded-for'];
  const text = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
  if (text === undefined) return peer;
  const hops = text
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    if (parseIpAddress(hop) === undefined) return peer;
    if (!isTrusted(hop, trustedProxies)) return hop;
  }
  return hops[0] ?? peer;
}

/** True when the request reached a trusted proxy over TLS, as `X-Forwarded-Proto` reports. */
export function secureTransport(req: IncomingMessage, trustedProxies: CidrBlock[]): boolean {
  const peer = normalise(req.socket.remoteAddress ?? '');
  if (!isTrusted(peer, trustedProxies)) return false;
  return String(req.headers['x-forwarded-proto'] ?? '').toLowerCase() === 'https';
}

function isTrusted(address: string, trustedProxies: CidrBlock[]): boolean {
  const parsed = parseIpAddress(address);
  return parsed !== undefined && trustedProxies.some((block) => cidrContains(block, parsed));
}

/** Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
