/** The per-source throttle key: one key per IPv4 address and per IPv6 /64, however written. */
import { describe, expect, it } from 'vitest'
import { sourceKey } from '../../src/sts/source-key.js'

describe('sourceKey', () => {
  it.each([
    ['203.0.113.7', '::ffff:203.0.113.7'],
    ['203.0.113.7', '::FFFF:cb00:7107'],
    ['2001:db8::1', '2001:DB8:0:0:0:0:0:0001'],
    ['2001:db8::1', '2001:db8::ffff:ffff:ffff:fffe'],
    ['fe80::1', 'fe80::1%eth0'],
  ])('gives %s and %s the same key', (a, b) => {
    expect(sourceKey(a)).toBe(sourceKey(b))
  })

  it('keeps other addresses and other /64s apart', () => {
    expect(sourceKey('203.0.113.7')).not.toBe(sourceKey('203.0.113.8'))
    expect(sourceKey('2001:db8:0:1::1')).not.toBe(sourceKey('2001:db8:0:2::1'))
    expect(sourceKey('0.0.0.1')).not.toBe(sourceKey('::1'))
  })

  it('puts text that is no address, however long, under one shared key', () => {
    expect(sourceKey('not an address')).toBe(sourceKey('x'.repeat(10_000)))
    expect(sourceKey('not an address')).not.toBe(sourceKey('203.0.113.7'))
  })
})
