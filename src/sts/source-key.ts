/**
 * The throttle key of a source address. One address has many spellings (`2001:DB8::1`,
 * `2001:db8:0:0:0:0:0:1`, `::ffff:203.0.113.7` for `203.0.113.7`), and anyone holding an IPv6
 * address usually holds its whole /64: keyed on the text, each spelling or neighbour would start
 * a fresh count. So IPv4 is keyed by its canonical dotted quad, IPv6 by its /64.
 */
import { createRequire } from 'node:module'

// ipaddr.js is CommonJS with `export =`; loaded as src/conditions/ip.ts does (no esModuleInterop).
type IpAddr = typeof import('ipaddr.js')
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as IpAddr

/** Longer than any address with a zone id has reason to be. */
const MAX_ADDRESS_LENGTH = 64

/**
 * `ip4:<a.b.c.d>` or `ip6:<first four groups>::/64`. Text that is no address shares one key:
 * the address comes from the framework, so such text is a misconfiguration, and giving each
 * variant its own count would let it escape the limit.
 */
export function sourceKey(address: string): string {
  if (address.length > MAX_ADDRESS_LENGTH || !ipaddr.isValid(address)) return 'ip?:unparseable'
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as InstanceType<IpAddr['IPv6']>
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address()
    else return `ip6:${v6.parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`
  }
  return `ip4:${parsed.toString()}`
}
