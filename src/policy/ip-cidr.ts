/**
 * IPv4 and IPv6 addresses and CIDR blocks for the IpAddress and NotIpAddress operators. A
 * policy value without a prefix length is a single address: IAM's default prefix is `/32`
 * ("Condition operators", IP address section, IAM User Guide), and `/128` is used for IPv6.
 */

import { isIPv4, isIPv6 } from 'node:net';

export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface CidrBlock extends IpAddress {
  readonly prefixLength: number;
}

/**
 * Parses an address. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as Node reports
 * IPv4 clients on a dual-stack socket) is returned as the IPv4 address.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const address = text.trim();
  if (isIPv4(address)) return { family: 4, value: ipv4Value(address) };
  const withoutZone = address.split('%')[0] ?? '';
  if (!isIPv6(withoutZone)) return undefined;
  const value = ipv6Value(withoutZone);
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

/** Parses `address/prefix` or a bare address; returns undefined for anything else. */
export function parseCidr(text: string): CidrBlock | undefined {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (addressText === undefined || extra !== undefined) return undefined;
  const family = isIPv4(addressText) ? 4 : isIPv6(addressText) ? 6 : undefined;
  if (family === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  let prefixLength = bits;
  if (prefixText !== undefined) {
    if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
    if (prefixLength > bits) return undefined;
  }
  const value = family === 4 ? ipv4Value(addressText) : ipv6Value(addressText);
  return { family, value, prefixLength };
}

/** True when the address lies in the block; addresses of the other family never do. */
export function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  if (block.family !== address.family) return false;
  const bits = BigInt(block.family === 4 ? 32 : 128);
  const hostBits = bits - BigInt(block.prefixLength);
  return block.value >> hostBits === address.value >> hostBits;
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** Converts a valid IPv6 address, `::` and a trailing dotted IPv4 part included. */
function ipv6Value(address: string): bigint {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4Value(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}
