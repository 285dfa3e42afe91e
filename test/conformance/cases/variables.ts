/**
 * Policy variables. AWS "IAM policy elements: Variables and tags": variables in the resource
 * part of a Resource ARN and in string and ARN condition values; "not present means that the
 * value is not in the current request information, and any attempt to match it fails and causes
 * the statement to be invalid"; "Key names are case-insensitive"; `${*}`, `${?}`, `${$}` stand
 * for a literal asterisk, question mark and dollar sign; a default value:
 * `${aws:userid, 'anonymous'}`; and "If you don't include the Version element and set it to an
 * appropriate version date, variables like ${aws:username} are treated as literal strings".
 * AWS "IAM JSON policy elements: Version": 2008-10-17 does not support variables.
 */
import { ALICE, allow, conditionCases, deny, doc, kase, req, row } from '../build.js'
import { SRC } from '../sources.js'
import type { PolicyDocument, RawStatement } from '../../../src/policy/types.js'
import type { ContextValue } from '../../../src/evaluate/types.js'
import type { ConformanceCase } from '../types.js'

const HOME = 'arn:aws:s3:::mybucket/${aws:username}/*'

function resourceVar(name: string, pattern: string, resource: string, context: Record<string, ContextValue>, expected: ConformanceCase['expected'], version: PolicyDocument['Version'] | null = '2012-10-17'): ConformanceCase {
  const stmt: RawStatement = allow('s3:GetObject', pattern)
  const policy: PolicyDocument = version === null ? { Statement: [stmt] } : { Version: version, Statement: [stmt] }
  return kase(name, version === '2008-10-17' ? SRC.version : SRC.variables, req(ALICE, 's3:GetObject', resource, context), { identityPolicies: [policy] }, expected)
}

export const variableCases: ConformanceCase[] = [
  resourceVar('${aws:username} in Resource matches the user\'s own folder', HOME, 'arn:aws:s3:::mybucket/David/notes.txt', { 'aws:username': 'David' }, 'allowed'),
  resourceVar('${aws:username} in Resource does not match another user\'s folder', HOME, 'arn:aws:s3:::mybucket/Adele/notes.txt', { 'aws:username': 'David' }, 'implicitDeny'),
  resourceVar('${aws:username} in Resource is case-sensitive like the ARN', HOME, 'arn:aws:s3:::mybucket/david/notes.txt', { 'aws:username': 'David' }, 'implicitDeny'),
  resourceVar('${aws:username} missing from the request makes the Resource match nothing', HOME, 'arn:aws:s3:::mybucket//notes.txt', {}, 'implicitDeny'),
  resourceVar('${aws:username} missing does not match a literal "${aws:username}" folder', HOME, 'arn:aws:s3:::mybucket/${aws:username}/notes.txt', {}, 'implicitDeny'),
  resourceVar('variable key names are case-insensitive (${AWS:UserName})', 'arn:aws:s3:::mybucket/${AWS:UserName}/*', 'arn:aws:s3:::mybucket/David/x', { 'aws:username': 'David' }, 'allowed'),
  resourceVar('a request key written in another case still resolves the variable', HOME, 'arn:aws:s3:::mybucket/David/x', { 'AWS:USERNAME': 'David' }, 'allowed'),
  resourceVar('${aws:PrincipalTag/department} names a bucket', 'arn:aws:s3:::bucket/${aws:PrincipalTag/department}', 'arn:aws:s3:::bucket/hr', { 'aws:PrincipalTag/department': 'hr' }, 'allowed'),
  resourceVar('${aws:PrincipalTag/department} does not match another department', 'arn:aws:s3:::bucket/${aws:PrincipalTag/department}', 'arn:aws:s3:::bucket/finance', { 'aws:PrincipalTag/department': 'hr' }, 'implicitDeny'),
  resourceVar('two variables in one Resource', 'arn:aws:s3:::${aws:PrincipalTag/team}/${aws:username}/*', 'arn:aws:s3:::eng/David/x', { 'aws:PrincipalTag/team': 'eng', 'aws:username': 'David' }, 'allowed'),
  resourceVar('the SQS queue example: ${aws:username}-queue', 'arn:aws:sqs:us-east-2:*:${aws:username}-queue', 'arn:aws:sqs:us-east-2:111122223333:David-queue', { 'aws:username': 'David' }, 'allowed'),
  resourceVar('the SQS queue example does not match another user\'s queue', 'arn:aws:sqs:us-east-2:*:${aws:username}-queue', 'arn:aws:sqs:us-east-2:111122223333:Adele-queue', { 'aws:username': 'David' }, 'implicitDeny'),
  resourceVar('a default value is used when the key is missing', "arn:aws:s3:::mybucket/${aws:username, 'anonymous'}/*", 'arn:aws:s3:::mybucket/anonymous/x', {}, 'allowed'),
  resourceVar('a default value is not used when the key is present', "arn:aws:s3:::mybucket/${aws:username, 'anonymous'}/*", 'arn:aws:s3:::mybucket/anonymous/x', { 'aws:username': 'David' }, 'implicitDeny'),
  resourceVar('the key wins over the default value', "arn:aws:s3:::mybucket/${aws:username, 'anonymous'}/*", 'arn:aws:s3:::mybucket/David/x', { 'aws:username': 'David' }, 'allowed'),
  resourceVar('${*} is a literal asterisk', 'arn:aws:s3:::bucket/${*}', 'arn:aws:s3:::bucket/*', {}, 'allowed'),
  resourceVar('${*} does not act as a wildcard', 'arn:aws:s3:::bucket/${*}', 'arn:aws:s3:::bucket/anything', {}, 'implicitDeny'),
  resourceVar('${?} is a literal question mark', 'arn:aws:s3:::bucket/what${?}', 'arn:aws:s3:::bucket/what?', {}, 'allowed'),
  resourceVar('${?} does not act as a wildcard', 'arn:aws:s3:::bucket/what${?}', 'arn:aws:s3:::bucket/whatX', {}, 'implicitDeny'),
  resourceVar('${$} is a literal dollar sign', 'arn:aws:s3:::bucket/${$}price', 'arn:aws:s3:::bucket/$price', {}, 'allowed'),
  resourceVar('${$}{…} yields literal text, not a variable', 'arn:aws:s3:::bucket/${$}{aws:username}', 'arn:aws:s3:::bucket/${aws:username}', { 'aws:username': 'David' }, 'allowed'),
  resourceVar('Version 2008-10-17 treats ${aws:username} as literal text (literal request)', HOME, 'arn:aws:s3:::mybucket/${aws:username}/x', { 'aws:username': 'David' }, 'allowed', '2008-10-17'),
  resourceVar('Version 2008-10-17 treats ${aws:username} as literal text (no substitution)', HOME, 'arn:aws:s3:::mybucket/David/x', { 'aws:username': 'David' }, 'implicitDeny', '2008-10-17'),
  resourceVar('no Version element treats ${aws:username} as literal text', HOME, 'arn:aws:s3:::mybucket/David/x', { 'aws:username': 'David' }, 'implicitDeny', null),
  resourceVar('a username "*" is data, not a wildcard', HOME, 'arn:aws:s3:::mybucket/bob/secret', { 'aws:username': '*' }, 'implicitDeny'),
  resourceVar('a username "*" still matches its own literal folder', HOME, 'arn:aws:s3:::mybucket/*/x', { 'aws:username': '*' }, 'allowed'),
  resourceVar('a username "b?b" is data, not a wildcard', HOME, 'arn:aws:s3:::mybucket/bob/x', { 'aws:username': 'b?b' }, 'implicitDeny'),
  resourceVar('a tag value "*" in a bucket name is data', 'arn:aws:s3:::${aws:PrincipalTag/team}/*', 'arn:aws:s3:::finance/x', { 'aws:PrincipalTag/team': '*' }, 'implicitDeny'),
  resourceVar('a missing variable is not the empty string', 'arn:aws:s3:::mybucket/${aws:username}*', 'arn:aws:s3:::mybucket/anything', {}, 'implicitDeny'),
  kase('a missing variable in a Deny Resource makes the Deny not apply', SRC.variables, req(ALICE, 's3:GetObject', 'arn:aws:s3:::mybucket/David/x', {}),
    { identityPolicies: [doc(allow('s3:*'), deny('s3:GetObject', HOME))] }, 'allowed'),
  kase('a resolved variable in a Deny Resource denies', SRC.variables, req(ALICE, 's3:GetObject', 'arn:aws:s3:::mybucket/David/x', { 'aws:username': 'David' }),
    { identityPolicies: [doc(allow('s3:*'), deny('s3:GetObject', HOME))] }, 'explicitDeny'),
  // "Policy variables with no value": the NotResource entry matches no resource, so it excludes nothing.
  kase('an Allow with NotResource and a missing variable applies to every resource', SRC.variablesNoValue, req(ALICE, 's3:GetObject', 'arn:aws:s3:::mybucket/Adele/x', {}),
    { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: HOME })] }, 'allowed'),
  kase('an Allow with NotResource and a resolved variable allows other resources', SRC.variables, req(ALICE, 's3:GetObject', 'arn:aws:s3:::mybucket/Adele/x', { 'aws:username': 'David' }),
    { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: HOME })] }, 'allowed'),

  // Variables in condition values (string and ARN operators).
  ...conditionCases(SRC.variables, [
    row('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', 'David', true, 'the owner is the caller', { 'aws:username': 'David' }),
    row('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', 'Adele', false, 'the owner is someone else', { 'aws:username': 'David' }),
    row('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', 'David', false, 'the variable\'s key is missing'),
    row('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', '${aws:username}', false, 'a missing variable does not become literal text'),
    row('StringEquals', 'aws:ResourceTag/owner', "${aws:username, 'anonymous'}", 'anonymous', true, 'the default value'),
    row('StringLike', 'sns:endpoint', 'https://example.com/${aws:username}/', 'https://example.com/David/', true, 'the SNS topic example', { 'aws:username': 'David' }),
    row('StringLike', 'sns:endpoint', 'https://example.com/${aws:username}/', 'https://example.com/Adele/', false, 'the SNS topic example', { 'aws:username': 'David' }),
    row('StringLike', 's3:prefix', '${aws:username}/*', 'bob/x', false, 'a username "*" is not a wildcard', { 'aws:username': '*' }),
    row('StringLike', 's3:prefix', '${aws:username}/*', '*/x', true, 'a username "*" matches itself', { 'aws:username': '*' }),
    row('StringLike', 's3:prefix', '${aws:username}*', 'anything', false, 'the variable\'s key is missing'),
    row('StringLike', 's3:prefix', 'home/${*}', 'home/*', true, '${*} in a StringLike value is a literal asterisk'),
    row('StringLike', 's3:prefix', 'home/${*}', 'home/alice', false, '${*} in a StringLike value is not a wildcard'),
    row('StringEquals', 'aws:PrincipalTag/project', '${aws:ResourceTag/project}', 'blue', true, 'a tag compared with a tag', { 'aws:ResourceTag/project': 'blue' }),
    row('StringEquals', 'aws:PrincipalTag/project', '${aws:ResourceTag/project}', 'blue', false, 'a tag compared with another tag value', { 'aws:ResourceTag/project': 'green' }),
    row('ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:123456789012:${aws:username}', 'arn:aws:sns:us-east-1:123456789012:David', true, 'a variable in an ARN operator', { 'aws:username': 'David' }),
    row('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:123456789012:${aws:username}', 'arn:aws:sns:us-east-1:123456789012:Adele', false, 'a variable in an ARN operator', { 'aws:username': 'David' }),
    row('StringNotEquals', 'aws:ResourceTag/owner', '${aws:username}', 'Adele', true, 'a negated operator with a variable', { 'aws:username': 'David' }),
    row('StringNotEquals', 'aws:ResourceTag/owner', '${aws:username}', 'David', false, 'a negated operator with a variable', { 'aws:username': 'David' }),
  ]),
  ...conditionCases(SRC.version, [
    row('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', '${aws:username}', true, 'Version 2008-10-17: literal text', { 'aws:username': 'David' }),
    row('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', 'David', false, 'Version 2008-10-17: no substitution', { 'aws:username': 'David' }),
  ], '2008-10-17'),
]

