/** The login throttle: attempts hold a slot from start to end, so concurrency cannot exceed maxFailures. */
import { describe, expect, it } from 'vitest'
import { Throttle } from '../../src/sts/throttle.js'

function setup(maxFailures = 3, windowSeconds = 60, maxTrackedKeys?: number): { throttle: Throttle; advance: (ms: number) => void } {
  let now = 1_000_000
  const options = maxTrackedKeys === undefined ? { maxFailures, windowSeconds } : { maxFailures, windowSeconds, maxTrackedKeys }
  return { throttle: new Throttle(options, () => now), advance: (ms) => void (now += ms) }
}

const throttled = expect.objectContaining({ code: 'ERR_THROTTLED' })

describe('Throttle', () => {
  it('refuses an attempt once maxFailures attempts are in flight, before any of them has ended', () => {
    const { throttle } = setup()
    for (let i = 0; i < 3; i++) throttle.begin(['u'])
    expect(() => throttle.begin(['u'])).toThrow(throttled)
  })

  it('gives the slot back on success and on release, and keeps it as a failure on fail', () => {
    const { throttle } = setup()
    throttle.begin(['u']).succeed()
    throttle.begin(['u']).release()
    throttle.begin(['u']).fail()
    throttle.begin(['u']).fail()
    const last = throttle.begin(['u'])
    expect(() => throttle.begin(['u'])).toThrow(throttled)
    last.release()
    throttle.begin(['u']).fail()
    expect(() => throttle.begin(['u'])).toThrow(throttled)
  })

  it('counts an attempt ended twice only once', () => {
    const { throttle } = setup()
    const attempt = throttle.begin(['u'])
    attempt.fail()
    attempt.fail()
    attempt.release()
    throttle.begin(['u']).fail()
    throttle.begin(['u'])
    expect(() => throttle.begin(['u'])).toThrow(throttled)
  })

  it('takes no slot on any key when one key refuses', () => {
    const { throttle } = setup(1)
    throttle.begin(['ip']).fail()
    expect(() => throttle.begin(['user', 'ip'])).toThrow(throttled)
    expect(() => throttle.begin(['user']).release()).not.toThrow()
  })

  it('clears the user key on success but never the source key', () => {
    const { throttle } = setup(2)
    throttle.begin(['user', 'ip']).fail()
    throttle.begin(['user', 'ip']).succeed('user')
    throttle.begin(['user']).fail()
    expect(() => throttle.begin(['other', 'ip']).fail()).not.toThrow()
    expect(() => throttle.begin(['another', 'ip'])).toThrow(throttled)
  })

  it('opens again once the window has passed, and reports when', () => {
    const { throttle, advance } = setup(1, 60)
    throttle.begin(['u']).fail()
    advance(20_000)
    expect(() => throttle.begin(['u'])).toThrow(expect.objectContaining({ details: { reason: 'throttled', retryAfterSeconds: 40 } }))
    advance(40_000)
    expect(() => throttle.begin(['u']).fail()).not.toThrow()
  })

  it('counts a failure that ends after its window has passed in the new window', () => {
    const { throttle, advance } = setup(1, 60)
    const slow = throttle.begin(['u'])
    advance(61_000)
    expect(() => throttle.begin(['u'])).toThrow(throttled)
    slow.fail()
    expect(() => throttle.begin(['u'])).toThrow(throttled)
  })

  // Issue 10: the throttle's memory is bounded, and the bound never becomes a way out of it.
  describe('bounded memory', () => {
    it('tracks no more than maxTrackedKeys keys however many distinct keys fail', () => {
      const { throttle } = setup(5, 60, 100)
      for (let i = 0; i < 10_000; i++) {
        try {
          throttle.begin([`user-${i}`]).fail()
        } catch {
          // once the overflow buckets fill up, attempts are throttled: that is the point
        }
      }
      expect(throttle.size).toBeLessThanOrEqual(100 + Throttle.OVERFLOW_BUCKETS)
    })

    it('forgets nothing about a throttled user when an attacker floods distinct keys', () => {
      const { throttle } = setup(3, 60, 100)
      for (let i = 0; i < 3; i++) throttle.begin(['victim']).fail()
      expect(() => throttle.begin(['victim'])).toThrow(throttled)
      for (let i = 0; i < 10_000; i++) {
        try {
          throttle.begin([`flood-${i}`]).fail()
        } catch {
          // throttled in a shared bucket
        }
      }
      expect(() => throttle.begin(['victim'])).toThrow(throttled)
    })

    it('counts new keys in shared buckets once full, so they are throttled sooner, never later', () => {
      const { throttle } = setup(3, 60, 2)
      throttle.begin(['a']).fail()
      throttle.begin(['b']).fail()
      // The table is full of live windows: c and d share overflow state (whichever bucket each hashes to).
      let refused = 0
      for (let i = 0; i < 3 * Throttle.OVERFLOW_BUCKETS + 1; i++) {
        try {
          throttle.begin([`new-${i}`]).fail()
        } catch {
          refused++
        }
      }
      expect(refused).toBeGreaterThan(0)
    })

    it('makes room again once the tracked windows have passed, and drops windows that hold nothing', () => {
      const { throttle, advance } = setup(3, 60, 2)
      throttle.begin(['a']).fail()
      throttle.begin(['b']).fail()
      throttle.begin(['c']).succeed()
      expect(throttle.size).toBe(2)
      advance(61_000)
      throttle.begin(['d']).fail()
      for (let i = 0; i < 2; i++) throttle.begin(['d']).fail()
      expect(() => throttle.begin(['d'])).toThrow(throttled)
      expect(throttle.size).toBeLessThanOrEqual(2)
    })
  })
})
