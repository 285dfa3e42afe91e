// AWS: "IAM JSON policy elements: Condition operators", IP address condition operators
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkConditionValues, parseIPv4 } from '../../src/conditions/index.js'
import { holds } from './helpers.js'

const v = { version: '2012-10-17' as const }
const ip = 'aws:SourceIp'

describe('IpAddress / NotIpAddress', () => {
  it('matches the AWS example range 203.0.113.0/24', () => {
    expect(holds('IpAddress', ip, '203.0.113.0/24', { [ip]: '203.0.113.7' })).toBe(true)
    expect(holds('IpAddress', ip, '203.0.113.0/24', { [ip]: '203.0.114.7' })).toBe(false)
    expect(holds('NotIpAddress', ip, '203.0.113.0/24', { [ip]: '203.0.114.7' })).toBe(true)
    expect(holds('NotIpAddress', ip, '203.0.113.0/24', { [ip]: '203.0.113.7' })).toBe(false)
  })

  it('treats a bare address as /32 and /0 as everything', () => {
    expect(holds('IpAddress', ip, '10.0.0.1', { [ip]: '10.0.0.1' })).toBe(true)
    expect(holds('IpAddress', ip, '10.0.0.1', { [ip]: '10.0.0.2' })).toBe(false)
    expect(holds('IpAddress', ip, '0.0.0.0/0', { [ip]: '255.255.255.255' })).toBe(true)
  })

  it('matches IPv6 ranges', () => {
    expect(holds('IpAddress', ip, '2001:DB8:1234:5678::/64', { [ip]: '2001:db8:1234:5678::abcd' })).toBe(true)
    expect(holds('IpAddress', ip, '2001:DB8:1234:5678::/64', { [ip]: '2001:db8:1234:5679::1' })).toBe(false)
    expect(holds('IpAddress', ip, '2001:db8::1', { [ip]: '2001:db8:0:0:0:0:0:1' })).toBe(true)
    expect(holds('IpAddress', ip, '2001:db8::/32', { [ip]: '10.0.0.1' })).toBe(false)
  })

  it('treats an IPv4-mapped IPv6 address as its IPv4 address, on either side', () => {
    expect(holds('IpAddress', ip, '203.0.113.0/24', { [ip]: '::ffff:203.0.113.9' })).toBe(true)
    expect(holds('IpAddress', ip, '::ffff:203.0.113.0/120', { [ip]: '203.0.113.9' })).toBe(true)
    expect(holds('IpAddress', ip, '::ffff:203.0.113.0/120', { [ip]: '203.0.112.9' })).toBe(false)
  })

  // Amazon S3 User Guide, "Using IPv6 addresses in IAM policies" (ipv6-access.html#ipv6-access-iam):
  // a policy listing only IPv4 ranges "prevents communication using IPv6 addresses", and allowing
  // both families takes one range of each. The families are disjoint: an IPv4 address is never
  // inside an IPv6 CIDR block, ::/0 included, and an IPv4-mapped address is the IPv4 address it maps.
  describe('IPv6 ranges never contain IPv4 addresses', () => {
    it('does not put an IPv4 address inside ::/0 or any other IPv6 range', () => {
      expect(holds('IpAddress', ip, '::/0', { [ip]: '203.0.113.77' })).toBe(false)
      expect(holds('IpAddress', ip, '::/1', { [ip]: '203.0.113.77' })).toBe(false)
      expect(holds('NotIpAddress', ip, '::/0', { [ip]: '203.0.113.77' })).toBe(true)
      expect(holds('IpAddress', ip, '::/0', { [ip]: '2001:db8::1' })).toBe(true)
      expect(holds('NotIpAddress', ip, '::/0', { [ip]: '2001:db8::1' })).toBe(false)
    })

    it('reads an IPv4-mapped request address as IPv4, so ::/0 does not contain it either', () => {
      expect(holds('IpAddress', ip, '::/0', { [ip]: '::ffff:203.0.113.77' })).toBe(false)
      expect(holds('NotIpAddress', ip, '::/0', { [ip]: '::ffff:203.0.113.77' })).toBe(true)
      expect(holds('IpAddress', ip, '0.0.0.0/0', { [ip]: '::ffff:203.0.113.77' })).toBe(true)
    })

    it('decides each value of a mixed list by its own family', () => {
      const both = ['::/0', '198.51.100.0/24']
      expect(holds('IpAddress', ip, both, { [ip]: '203.0.113.77' })).toBe(false)
      expect(holds('IpAddress', ip, both, { [ip]: '198.51.100.4' })).toBe(true)
      expect(holds('IpAddress', ip, both, { [ip]: '2001:db8::1' })).toBe(true)
      expect(holds('NotIpAddress', ip, both, { [ip]: '203.0.113.77' })).toBe(true)
      expect(holds('NotIpAddress', ip, both, { [ip]: '2001:db8::1' })).toBe(false)
    })

    it('finds the key whatever the case of its name', () => {
      expect(holds('IpAddress', 'AwS:vpCSoURCEip', '::/0', { 'aws:VpcSourceIp': '203.0.113.77' })).toBe(false)
      expect(holds('NotIpAddress', 'AwS:vpCSoURCEip', '::/0', { 'AWS:VPCSOURCEIP': '203.0.113.77' })).toBe(true)
    })

    it('agrees with family-aware arithmetic on random IPv4 addresses and IPv6 prefixes', () => {
      const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
      fc.assert(
        fc.property(octets, fc.integer({ min: 0, max: 95 }), (a, prefix) => {
          expect(holds('IpAddress', ip, `::/${prefix}`, { [ip]: a.join('.') })).toBe(false)
          expect(holds('NotIpAddress', ip, `::/${prefix}`, { [ip]: a.join('.') })).toBe(true)
        }),
        { numRuns: 500 },
      )
    })
  })

  it('matches nothing for a context value that is not an address', () => {
    expect(holds('IpAddress', ip, '0.0.0.0/0', { [ip]: 'localhost' })).toBe(false)
    expect(holds('IpAddress', ip, '0.0.0.0/0', { [ip]: '010.0.0.1' })).toBe(false)
    expect(holds('IpAddress', ip, '0.0.0.0/0', { [ip]: 167772161 })).toBe(false)
    expect(holds('NotIpAddress', ip, '10.0.0.0/8', { [ip]: 'garbage' })).toBe(true)
  })

  it('is false on a missing key for IpAddress and true for NotIpAddress', () => {
    expect(holds('IpAddress', ip, '0.0.0.0/0', {})).toBe(false)
    expect(holds('NotIpAddress', ip, '10.0.0.0/8', {})).toBe(true)
  })

  it('agrees with arithmetic on random IPv4 addresses and prefixes', () => {
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
    fc.assert(
      fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (a, b, prefix) => {
        const toNum = (o: number[]): number => ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!
        const shift = 2 ** (32 - prefix)
        const expected = Math.floor(toNum(a) / shift) === Math.floor(toNum(b) / shift)
        expect(holds('IpAddress', ip, `${a.join('.')}/${prefix}`, { [ip]: b.join('.') })).toBe(expected)
        expect(holds('IpAddress', ip, `${a.join('.')}/${prefix}`, { [ip]: `::ffff:${b.join('.')}` })).toBe(expected)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses values that are not addresses or CIDR blocks', () => {
    expect(checkConditionValues('IpAddress', ip, ['10.0.0.0/33'], v)).toHaveLength(1)
    expect(checkConditionValues('IpAddress', ip, ['10.0.0/8'], v)).toHaveLength(1)
    expect(checkConditionValues('IpAddress', ip, ['::/129'], v)).toHaveLength(1)
    expect(checkConditionValues('IpAddress', ip, ['fe80::1%eth0'], v)).toHaveLength(1)
    expect(checkConditionValues('IpAddress', ip, ['${aws:SourceIp}'], v)).toHaveLength(1)
    expect(checkConditionValues('IpAddress', ip, ['10.0.0.0/8', '2001:db8::/32', '1.2.3.4'], v)).toEqual([])
  })

  it('parses strict dotted quads', () => {
    expect(parseIPv4('1.2.3.4')).toBe(0x01020304)
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff)
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '01.2.3.4', '1.2.3.4 ', '']) expect(parseIPv4(bad)).toBe(-1)
  })
})
