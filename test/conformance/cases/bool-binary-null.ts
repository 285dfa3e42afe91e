/**
 * Bool, BinaryEquals and Null. AWS "IAM JSON policy elements: Condition operators": Bool compares
 * a key to "true" or "false" (the aws:SecureTransport Deny example); BinaryEquals "compares the
 * value of the specified key byte for byte against a base-64 encoded representation"; Null
 * "true" (the key doesn't exist) or "false" (the key exists); IfExists can be added to any
 * operator "except the Null condition". The MFA self-management example uses
 * `BoolIfExists aws:MultiFactorAuthPresent false` in a Deny, which denies long-term credentials
 * (no MFA key at all).
 */
import { MISSING, conditionCases, row } from '../build.js'
import { SRC } from '../sources.js'

const ST = 'aws:SecureTransport'
const MFA = 'aws:MultiFactorAuthPresent'
const BIN = 'app:Signature'
const TIT = 'aws:TokenIssueTime'

export const boolBinaryNullCases = [
  ...conditionCases(SRC.conditionOperators, [
    row('Bool', ST, 'true', true, true),
    row('Bool', ST, 'true', 'true', true, 'the value as text'),
    row('Bool', ST, 'true', false, false),
    row('Bool', ST, 'true', 'false', false, 'the value as text'),
    row('Bool', ST, 'true', MISSING, false),
    row('Bool', ST, 'false', false, true, 'the SecureTransport Deny example'),
    row('Bool', ST, 'false', true, false, 'the SecureTransport Deny example'),
    row('Bool', ST, 'false', MISSING, false, 'the SecureTransport Deny example'),
    row('BoolIfExists', MFA, 'false', MISSING, true, 'the MFA example: long-term credentials carry no MFA key'),
    row('BoolIfExists', MFA, 'false', false, true, 'the MFA example'),
    row('BoolIfExists', MFA, 'false', true, false, 'the MFA example'),
    row('BoolIfExists', MFA, 'true', MISSING, true),
  ]),
  ...conditionCases(SRC.conditionOperators, [
    row('BinaryEquals', BIN, 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', true, 'the base-64 example'),
    row('BinaryEquals', BIN, 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'b3RoZXI=', false),
    row('BinaryEquals', BIN, 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', MISSING, false),
    row('BinaryEqualsIfExists', BIN, 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', MISSING, true, 'IfExists'),
  ]),
  ...conditionCases(SRC.conditionOperators, [
    row('Null', TIT, 'true', MISSING, true, 'the key does not exist'),
    row('Null', TIT, 'true', '2020-01-01T00:00:00Z', false, 'temporary credentials carry the key'),
    row('Null', TIT, 'false', '2020-01-01T00:00:00Z', true, 'the key exists'),
    row('Null', TIT, 'false', MISSING, false, 'the key exists'),
    row('Null', 'aws:TagKeys', 'false', ['a'], true, 'a multivalued key with values exists'),
    row('Null', 'aws:TagKeys', 'true', MISSING, true),
  ]),
]
