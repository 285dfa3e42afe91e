/**
 * IpAddress / NotIpAddress (AWS "Condition operators", IP address section): policy values are
 * IPv4 or IPv6 addresses or CIDR blocks (an address alone is /32 or /128). No variables.
 *
 * The two families are disjoint, as AWS treats them (Amazon S3 User Guide, "Using IPv6 addresses
 * in IAM policies": a policy of IPv4 ranges only "prevents communication using IPv6 addresses",
 * and allowing both takes a range of each): an IPv4 address is never inside an IPv6 block, not
 * even `::/0`, and an IPv6 address never inside an IPv4 block. An IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.7`) is the IPv4 address it maps, on either side: as a request value it is
 * that IPv4 address (so outside `::/0`), and a mapped block with a prefix of 96 or more is the
 * IPv4 block it maps (`::ffff:203.0.113.0/120` is 203.0.113.0/24).
 *
 * IPv4 (the common case) is parsed by hand into a 32-bit number: no allocation per request.
 * IPv6 uses ipaddr.js.
 */
import { createRequire } from 'node:module'
import type { RawConditionValue } from '../policy/types.js'
import { type CompiledValues, describe, NO_KEYS, type OperatorSpec } from './family.js'
import type { ContextScalar } from './types.js'

// ipaddr.js is CommonJS with `export =`; the tsconfig has no esModuleInterop, so load it the
// way Node itself would rather than through a synthetic default import.
type IpAddr = typeof import('ipaddr.js')
type IPv6 = InstanceType<IpAddr['IPv6']>
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as IpAddr

/** Strict dotted-quad IPv4 in `text[start, end)` as an unsigned number, or -1. */
export function parseIPv4(text: string, start = 0, end = text.length): number {
  let result = 0
  let part = 0
  let digits = 0
  let dots = 0
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return -1
      result = result * 256 + part
      part = 0
      digits = 0
      dots++
    } else if (c >= 48 && c <= 57) {
      // No leading zeros: "010" would be octal to some parsers and decimal to others.
      if (digits === 1 && part === 0) return -1
      part = part * 10 + (c - 48)
      if (++digits > 3 || part > 255) return -1
    } else {
      return -1
    }
  }
  if (digits === 0 || dots !== 3) return -1
  return result * 256 + part
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}

function parseIPv6(text: string): IPv6 | undefined {
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined
  try {
    return ipaddr.IPv6.parse(text)
  } catch {
    return undefined
  }
}

function mappedToIPv4(address: IPv6): number {
  const bytes = address.toIPv4Address().octets
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0
}

interface Ranges {
  /** Pairs of network, mask. */
  v4: number[]
  v6: Array<[IPv6, number]>
}

function addRange(text: string, ranges: Ranges): boolean {
  const slash = text.indexOf('/')
  const address = slash < 0 ? text : text.slice(0, slash)
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1)
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return false
  const v4 = parseIPv4(address)
  if (v4 >= 0) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText)
    if (prefix > 32) return false
    const mask = maskOf(prefix)
    ranges.v4.push((v4 & mask) >>> 0, mask)
    return true
  }
  if (address.includes('%')) return false
  const v6 = parseIPv6(address)
  if (v6 === undefined) return false
  const prefix = prefixText === undefined ? 128 : Number(prefixText)
  if (prefix > 128) return false
  if (v6.isIPv4MappedAddress() && prefix >= 96) {
    const mask = maskOf(prefix - 96)
    ranges.v4.push((mappedToIPv4(v6) & mask) >>> 0, mask)
  } else {
    ranges.v6.push([v6, prefix])
  }
  return true
}

function checkValue(value: RawConditionValue): string[] {
  const ok = typeof value === 'string' && value.length <= 64 && addRange(value, { v4: [], v6: [] })
  return ok ? [] : [`IP condition value ${describe(value)} is not an IPv4/IPv6 address or CIDR block`]
}

function inV4(address: number, v4: readonly number[]): boolean {
  for (let i = 0; i < v4.length; i += 2) if (((address & v4[i + 1]!) >>> 0) === v4[i]) return true
  return false
}

function inV6(address: IPv6, v6: ReadonlyArray<[IPv6, number]>): boolean {
  for (const [network, prefix] of v6) if (address.match(network, prefix)) return true
  return false
}

function compile(values: readonly RawConditionValue[]): CompiledValues {
  const ranges: Ranges = { v4: [], v6: [] }
  for (const v of values) addRange(String(v), ranges)
  const { v4, v6 } = ranges
  const test = (value: ContextScalar): boolean => {
    if (typeof value !== 'string' || value.length > 64) return false
    const address = parseIPv4(value)
    if (address >= 0) return inV4(address, v4)
    const address6 = parseIPv6(value)
    if (address6 === undefined) return false
    if (address6.isIPv4MappedAddress()) return inV4(mappedToIPv4(address6), v4)
    return inV6(address6, v6)
  }
  return { test, keys: NO_KEYS }
}

export const IP_OPERATORS: readonly OperatorSpec[] = [
  { base: 'IpAddress', family: 'Ip', negated: false, like: false, variables: false, checkValue, compile },
  { base: 'NotIpAddress', family: 'Ip', negated: true, like: false, variables: false, checkValue, compile },
]
