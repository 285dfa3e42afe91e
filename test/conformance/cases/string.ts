/**
 * String condition operators. AWS "IAM JSON policy elements: Condition operators" (String
 * condition operators): StringEquals is exact and case-sensitive, …IgnoreCase ignores case,
 * StringLike takes `*` and `?` anywhere; "If the key … is not present in the request context,
 * the values do not match and the condition is false. If the policy condition requires that the
 * key is not matched, such as StringNotLike …, and the right key is not present, the condition
 * is true." AWS "Conditions with multiple context keys or values": several values of one key are
 * ORed, and for a negated operator NORed. AWS "IAM JSON policy elements: Condition": condition
 * key names are not case-sensitive.
 */
import { MISSING, conditionCases, row } from '../build.js'
import { SRC } from '../sources.js'

const T = 'aws:PrincipalTag/team'
const P = 's3:prefix'

export const stringCases = [
  ...conditionCases(SRC.conditionOperators, [
    row('StringEquals', T, 'eng', 'eng', true),
    row('StringEquals', T, 'eng', 'Eng', false, 'values are case-sensitive'),
    row('StringEquals', T, 'eng', 'engineering', false),
    row('StringEquals', T, 'eng', MISSING, false),
    row('StringEquals', T, 'e*', 'eng', false, 'StringEquals takes no wildcards'),
    row('StringEquals', T, 'e*', 'e*', true, 'the asterisk is a literal character'),
    row('StringEquals', T, 'e?g', 'eng', false, 'StringEquals takes no wildcards'),
    row('StringNotEquals', T, 'eng', 'eng', false),
    row('StringNotEquals', T, 'eng', 'ops', true),
    row('StringNotEquals', T, 'eng', 'ENG', true, 'values are case-sensitive'),
    row('StringNotEquals', T, 'eng', MISSING, true, 'negated operator on a missing key'),
    row('StringEqualsIgnoreCase', T, 'eng', 'ENG', true),
    row('StringEqualsIgnoreCase', T, 'Eng', 'eNG', true),
    row('StringEqualsIgnoreCase', T, 'eng', 'ops', false),
    row('StringEqualsIgnoreCase', T, 'eng', MISSING, false),
    row('StringEqualsIgnoreCase', T, 'e*', 'eng', false, 'no wildcards'),
    row('StringNotEqualsIgnoreCase', T, 'eng', 'ENG', false),
    row('StringNotEqualsIgnoreCase', T, 'eng', 'ops', true),
    row('StringNotEqualsIgnoreCase', T, 'eng', MISSING, true, 'negated operator on a missing key'),
    row('StringLike', P, 'home/*', 'home/alice/docs', true),
    row('StringLike', P, 'home/*', 'home/', true, 'the asterisk matches nothing too'),
    row('StringLike', P, 'home/*', 'home', false),
    row('StringLike', P, 'home/*', 'Home/alice', false, 'case-sensitive'),
    row('StringLike', P, 'home/*', 'x/home/alice', false, 'anchored at the start'),
    row('StringLike', P, '*/docs', 'home/alice/docs', true),
    row('StringLike', P, '*/docs', 'home/alice/docs/x', false, 'anchored at the end'),
    row('StringLike', P, '?ome', 'home', true),
    row('StringLike', P, '?ome', 'ome', false, 'the question mark matches exactly one character'),
    row('StringLike', P, '?ome', 'hhome', false, 'the question mark matches exactly one character'),
    row('StringLike', P, 'a*b*c', 'aXXbYYc', true),
    row('StringLike', P, 'a*b*c', 'aXXbYY', false),
    row('StringLike', P, 'a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false, 'many stars against a long near miss'),
    row('StringLike', P, '*', 'anything/at/all', true),
    row('StringLike', P, '*', '', true),
    row('StringLike', P, '*', MISSING, false, 'a missing key matches no pattern'),
    row('StringLike', P, 't1.*', 't1.micro', true),
    row('StringLike', P, 't1.*', 't1xmicro', false, 'the dot is a literal, not a regular expression'),
    row('StringLike', P, 'a+b', 'aab', false, 'the plus is a literal'),
    row('StringLike', P, 'a+b', 'a+b', true, 'the plus is a literal'),
    row('StringLike', P, '(x|y)', 'x', false, 'parentheses are literals'),
    row('StringLike', P, '[ab]', 'a', false, 'brackets are literals'),
    row('StringLike', P, '[ab]', '[ab]', true, 'brackets are literals'),
    row('StringLike', P, '^home$', 'home', false, 'anchors are literals'),
    row('StringLike', P, 'a\\*', 'a\\x', true, 'a backslash does not escape the star'),
    row('StringNotLike', P, 'home/*', 'home/alice', false),
    row('StringNotLike', P, 'home/*', 'tmp/x', true),
    row('StringNotLike', P, 'home/*', MISSING, true, 'negated operator on a missing key'),
    row('StringNotLike', P, '?', 'ab', true),
  ]),
  // AWS's own example: "StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}.
  ...conditionCases(SRC.conditionOperators, [
    row('StringLike', P, ['', 'home/', 'home/${aws:username}/'], '', true, 'the console home-directory example', { 'aws:username': 'alice' }),
    row('StringLike', P, ['', 'home/', 'home/${aws:username}/'], 'home/', true, 'the console home-directory example', { 'aws:username': 'alice' }),
    row('StringLike', P, ['', 'home/', 'home/${aws:username}/'], 'home/alice/', true, 'the console home-directory example', { 'aws:username': 'alice' }),
    row('StringLike', P, ['', 'home/', 'home/${aws:username}/'], 'home/bob/', false, 'the console home-directory example', { 'aws:username': 'alice' }),
  ]),
  ...conditionCases(SRC.multipleValues, [
    row('StringEquals', T, ['eng', 'ops'], 'ops', true, 'values are ORed'),
    row('StringEquals', T, ['eng', 'ops'], 'dev', false, 'values are ORed'),
    row('StringLike', P, ['home/*', 'tmp/*'], 'tmp/x', true, 'values are ORed'),
    row('StringNotEquals', T, ['eng', 'ops'], 'ops', false, 'a negated operator NORs its values'),
    row('StringNotEquals', T, ['eng', 'ops'], 'dev', true, 'a negated operator NORs its values'),
    row('StringNotLike', P, ['home/*', 'tmp/*'], 'tmp/x', false, 'a negated operator NORs its values'),
    row('StringNotLike', P, ['home/*', 'tmp/*'], 'var/x', true, 'a negated operator NORs its values'),
    row('StringNotEqualsIgnoreCase', T, ['eng', 'ops'], 'OPS', false, 'a negated operator NORs its values'),
  ]),
  ...conditionCases(SRC.conditionOperators, [
    row('StringEqualsIfExists', T, 'eng', MISSING, true, 'IfExists: a missing key makes the condition true'),
    row('StringEqualsIfExists', T, 'eng', 'eng', true),
    row('StringEqualsIfExists', T, 'eng', 'ops', false, 'IfExists still checks a present key'),
    row('StringNotEqualsIfExists', T, 'eng', MISSING, true, '"the request is still denied even if the tag is missing"'),
    row('StringNotEqualsIfExists', T, 'eng', 'eng', false),
    row('StringNotEqualsIfExists', T, 'eng', 'ops', true),
    row('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], MISSING, true, 'the RunInstances example'),
    row('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], 't2.micro', true, 'the RunInstances example'),
    row('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], 'c5.large', false, 'the RunInstances example'),
    row('StringLike', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], MISSING, false, 'THISPOLICYDOESNOTWORK: without IfExists a missing key fails'),
    row('StringNotLikeIfExists', P, 'home/*', MISSING, true),
    row('StringNotLikeIfExists', P, 'home/*', 'home/x', false),
    row('StringEqualsIgnoreCaseIfExists', T, 'eng', MISSING, true),
    row('StringEqualsIgnoreCaseIfExists', T, 'eng', 'ENG', true),
    row('StringNotEqualsIgnoreCaseIfExists', T, 'eng', 'ENG', false),
  ]),
  ...conditionCases(SRC.conditionElement, [
    { ...row('StringEquals', 'AWS:SOURCEVPC', 'vpc-111', 'vpc-111', true, 'condition key names are not case-sensitive'), contextKey: 'aws:SourceVpc' },
    { ...row('StringEquals', 'aws:sourcevpc', 'VPC-111', 'vpc-111', false, 'condition values stay case-sensitive'), contextKey: 'aws:SourceVpc' },
    { ...row('StringNotEquals', 'AWS:SOURCEVPC', 'vpc-111', 'vpc-111', false, 'a negated operator finds the key whatever its case'), contextKey: 'aws:SourceVpc' },
    { ...row('Null', 'AWS:SOURCEVPC', 'true', 'vpc-111', false, 'Null finds the key whatever its case'), contextKey: 'aws:SourceVpc' },
    { ...row('StringEquals', 'AWS:PrincipalTag/TEAM', 'eng', 'eng', true, 'the tag-key part of the name too'), contextKey: 'aws:PrincipalTag/team' },
  ]),
]
