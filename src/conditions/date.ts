/**
 * Date operators (AWS "Condition operators", Date section): values are W3C ISO 8601 dates
 * (`2020-01-01`, `2020-01-01T12:00Z`, `2020-01-01T12:00:00.123+02:00`) or epoch seconds
 * (a number or a string of digits). A time without a zone is UTC. Compared in milliseconds.
 */
import { COMPARISONS, comparisonSpec } from './numeric.js'
import type { OperatorSpec } from './family.js'

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/
const EPOCH = /^\d{1,15}(?:\.\d{1,9})?$/

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = m[3] === undefined ? 1 : Number(m[3])
  const hour = m[4] === undefined ? 0 : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'))
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offset = 0
  const zone = m[8]
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '')
    const zh = Number(digits.slice(1, 3))
    const zm = Number(digits.slice(3, 5))
    if (zh > 23 || zm > 59) return undefined
    offset = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000
  }
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, ms)
  return date.getTime() - offset
}

// aws:CurrentTime is read by many conditions of one request: remember the last string parsed.
let lastText: string | undefined
let lastValue: number | undefined

/** Milliseconds since the epoch, or `undefined` when `value` is no date AWS accepts. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined
  if (typeof value !== 'string') return undefined
  if (value === lastText) return lastValue
  let result: number | undefined
  if (EPOCH.test(value)) result = Number(value) * 1000
  else if (value.length <= 40) result = parseIso(value)
  lastText = value
  lastValue = result
  return result
}

export const DATE_OPERATORS: readonly OperatorSpec[] = COMPARISONS.map(([suffix, negated, compare]) =>
  comparisonSpec('Date', `Date${suffix}`, negated, compare, parseDate, 'an ISO 8601 date or epoch seconds'),
)
