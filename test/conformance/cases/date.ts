/**
 * Date condition operators. AWS "IAM JSON policy elements: Condition operators" (Date condition
 * operators): "You must specify date/time values with one of the W3C implementations of the
 * ISO 8601 date formats or in epoch (UNIX) time." The `aws:TokenIssueTime` example: the key is
 * present only with temporary credentials, and a missing key does not match.
 */
import { MISSING, conditionCases, row } from '../build.js'
import { SRC } from '../sources.js'

const TIT = 'aws:TokenIssueTime'
const NOW = 'aws:CurrentTime'
const EPOCH = 'aws:EpochTime'
// 2020-01-01T00:00:00Z
const Y2020 = 1577836800

export const dateCases = [
  ...conditionCases(SRC.conditionOperators, [
    row('DateGreaterThan', TIT, '2020-01-01T00:00:01Z', '2020-06-01T12:00:00Z', true, 'the TokenIssueTime example'),
    row('DateGreaterThan', TIT, '2020-01-01T00:00:01Z', '2019-12-31T23:59:59Z', false, 'the TokenIssueTime example'),
    row('DateGreaterThan', TIT, '2020-01-01T00:00:01Z', '2020-01-01T00:00:01Z', false, 'equal is not greater'),
    row('DateGreaterThan', TIT, '2020-01-01T00:00:01Z', MISSING, false, 'long-term credentials carry no TokenIssueTime'),
    row('DateGreaterThanEquals', TIT, '2020-01-01T00:00:01Z', '2020-01-01T00:00:01Z', true),
    row('DateGreaterThanEquals', TIT, '2020-01-01T00:00:01Z', '2020-01-01T00:00:00Z', false),
    row('DateLessThan', NOW, '2020-01-01T00:00:00Z', '2019-12-31T23:59:59Z', true),
    row('DateLessThan', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false, 'equal is not less'),
    row('DateLessThan', NOW, '2020-01-01T00:00:00Z', MISSING, false),
    row('DateLessThanEquals', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true),
    row('DateLessThanEquals', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', false),
    row('DateEquals', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true),
    row('DateEquals', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', false),
    row('DateEquals', NOW, '2020-01-01T00:00:00Z', MISSING, false),
    row('DateEquals', NOW, ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], '2021-01-01T00:00:00Z', true, 'values are ORed'),
    row('DateNotEquals', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false),
    row('DateNotEquals', NOW, '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', true),
    row('DateNotEquals', NOW, '2020-01-01T00:00:00Z', MISSING, true, 'negated operator on a missing key'),
    row('DateNotEquals', NOW, ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], '2021-01-01T00:00:00Z', false, 'a negated operator NORs its values'),
    row('DateLessThanIfExists', NOW, '2020-01-01T00:00:00Z', MISSING, true, 'IfExists'),
    row('DateLessThanIfExists', NOW, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', false, 'IfExists still checks a present key'),
  ]),
  // Epoch (UNIX) time on either side.
  ...conditionCases(SRC.conditionOperators, [
    row('DateLessThan', NOW, String(Y2020), '2019-12-31T23:59:59Z', true, 'epoch seconds in the policy'),
    row('DateLessThan', NOW, String(Y2020), '2020-01-01T00:00:01Z', false, 'epoch seconds in the policy'),
    row('DateEquals', NOW, String(Y2020), '2020-01-01T00:00:00Z', true, 'epoch seconds in the policy'),
    row('DateGreaterThan', EPOCH, '2020-01-01T00:00:00Z', Y2020 + 1, true, 'epoch seconds in the request'),
    row('DateGreaterThan', EPOCH, '2020-01-01T00:00:00Z', Y2020 - 1, false, 'epoch seconds in the request'),
    row('DateGreaterThan', EPOCH, '2020-01-01T00:00:00Z', String(Y2020 + 1), true, 'epoch seconds as text in the request'),
    row('DateEquals', EPOCH, String(Y2020), Y2020, true, 'epoch seconds on both sides'),
  ]),
  // W3C ISO 8601 profiles: date only, minutes, fractions of a second, offsets.
  ...conditionCases(SRC.conditionOperators, [
    row('DateGreaterThanEquals', NOW, '2020-01-01', '2020-01-01T00:00:00Z', true, 'a date without a time is midnight UTC'),
    row('DateLessThan', NOW, '2020-01-01', '2019-12-31T23:59:59Z', true, 'a date without a time is midnight UTC'),
    row('DateLessThan', NOW, '2020-01-01', '2020-01-01T00:00:01Z', false, 'a date without a time is midnight UTC'),
    row('DateEquals', NOW, '2020-01-01T00:00Z', '2020-01-01T00:00:00Z', true, 'hours and minutes without seconds'),
    row('DateEquals', NOW, '2020-01-01T01:00:00+01:00', '2020-01-01T00:00:00Z', true, 'a time-zone offset'),
    row('DateEquals', NOW, '2019-12-31T19:00:00-05:00', '2020-01-01T00:00:00Z', true, 'a negative time-zone offset'),
    row('DateLessThan', NOW, '2020-01-01T00:00:00+01:00', '2019-12-31T23:30:00Z', false, 'the offset moves the instant an hour earlier'),
    row('DateGreaterThan', NOW, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.5Z', true, 'fractions of a second'),
    row('DateEquals', NOW, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00Z', true, 'fractions of a second'),
  ]),
]
