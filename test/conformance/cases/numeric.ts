/**
 * Numeric condition operators. AWS "IAM JSON policy elements: Condition operators" (Numeric
 * condition operators): "restrict access based on comparing a key to an integer or decimal
 * value"; the `s3:max-keys` example allows "up to 10". Negated operators on a missing key are
 * true; several values are ORed (NORed when negated).
 */
import { MISSING, conditionCases, row } from '../build.js'
import { SRC } from '../sources.js'

const K = 's3:max-keys'

export const numericCases = [
  ...conditionCases(SRC.conditionOperators, [
    row('NumericLessThanEquals', K, '10', 10, true, 'the s3:max-keys example'),
    row('NumericLessThanEquals', K, '10', 9, true, 'the s3:max-keys example'),
    row('NumericLessThanEquals', K, '10', 11, false, 'the s3:max-keys example'),
    row('NumericLessThanEquals', K, '10', '10', true, 'a numeric string in the request'),
    row('NumericLessThanEquals', K, '10', MISSING, false),
    row('NumericEquals', K, '10', 10, true),
    row('NumericEquals', K, '10', 11, false),
    row('NumericEquals', K, '10', '10', true, 'a numeric string in the request'),
    row('NumericEquals', K, '10.0', 10, true, 'compared as numbers, not as text'),
    row('NumericEquals', K, '10', '10.00', true, 'compared as numbers, not as text'),
    row('NumericEquals', K, '10', MISSING, false),
    row('NumericEquals', K, ['1', '2'], 2, true, 'values are ORed'),
    row('NumericEquals', K, ['1', '2'], 3, false, 'values are ORed'),
    row('NumericNotEquals', K, '10', 10, false),
    row('NumericNotEquals', K, '10', 11, true),
    row('NumericNotEquals', K, '10', MISSING, true, 'negated operator on a missing key'),
    row('NumericNotEquals', K, ['10', '20'], 20, false, 'a negated operator NORs its values'),
    row('NumericNotEquals', K, ['10', '20'], 30, true, 'a negated operator NORs its values'),
    row('NumericLessThan', K, '10', 9, true),
    row('NumericLessThan', K, '10', 10, false),
    row('NumericLessThan', K, '10', 11, false),
    row('NumericLessThan', K, '10', MISSING, false),
    row('NumericLessThan', K, '1.5', 1.25, true, 'decimal values'),
    row('NumericLessThan', K, '1.5', 1.75, false, 'decimal values'),
    row('NumericLessThan', K, '-1', -2, true, 'negative values'),
    row('NumericLessThan', K, '-1', 0, false, 'negative values'),
    row('NumericLessThan', K, '9', 10, false, 'compared as numbers, not as text ("10" < "9" as text)'),
    row('NumericGreaterThan', K, '10', 11, true),
    row('NumericGreaterThan', K, '10', 10, false),
    row('NumericGreaterThan', K, '10', MISSING, false),
    row('NumericGreaterThan', K, '9', 10, true, 'compared as numbers, not as text'),
    row('NumericGreaterThanEquals', K, '10', 10, true),
    row('NumericGreaterThanEquals', K, '10', 9, false),
    row('NumericGreaterThanEquals', K, '0', 0, true),
    row('NumericLessThanIfExists', K, '10', MISSING, true, 'IfExists'),
    row('NumericLessThanIfExists', K, '10', 11, false, 'IfExists still checks a present key'),
    row('NumericNotEqualsIfExists', K, '10', MISSING, true, 'IfExists'),
    row('NumericGreaterThanEqualsIfExists', K, '10', 10, true, 'IfExists'),
  ]),
]
