/**
 * ARN condition operators. AWS "IAM JSON policy elements: Condition operators" (Amazon Resource
 * Name (ARN) condition operators): "Case-sensitive matching of the ARN. Each of the six
 * colon-delimited components of the ARN is checked separately and each can include
 * multi-character match wildcards (*) or single-character match wildcards (?). The ArnEquals
 * and ArnLike condition operators behave identically." The someservice example: with StringLike
 * the first asterisk matches `us-east-2:999999999999:store/abc:`; "With an ArnLike condition,
 * which matches elements between colons, the match fails."
 */
import { MISSING, conditionCases, row } from '../build.js'
import { SRC } from '../sources.js'

const SA = 'aws:SourceArn'
const PA = 'aws:PrincipalArn'
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:topic-a'
const FINANCE = 'arn:aws:someservice:*:111122223333:finance/*'
const SNEAKY = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt'

export const arnCases = [
  ...conditionCases(SRC.conditionOperators, [
    row('ArnEquals', SA, TOPIC, TOPIC, true, 'the SQS queue policy example'),
    row('ArnEquals', SA, TOPIC, 'arn:aws:sns:us-east-1:123456789012:topic-b', false),
    row('ArnEquals', SA, TOPIC, MISSING, false, 'a direct call by a user carries no SourceArn'),
    row('ArnEquals', SA, TOPIC, 'arn:aws:sns:us-east-1:123456789012:Topic-A', false, 'case-sensitive'),
    row('ArnEquals', SA, 'arn:aws:sns:*:123456789012:*', TOPIC, true, 'ArnEquals and ArnLike behave identically'),
    row('ArnLike', SA, 'arn:aws:sns:*:123456789012:*', TOPIC, true),
    row('ArnLike', SA, 'arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:999999999999:topic-a', false),
    row('ArnLike', SA, 'arn:aws:sns:us-east-?:123456789012:topic-a', TOPIC, true),
    row('ArnLike', SA, 'arn:*:sns:us-east-1:123456789012:topic-a', TOPIC, true, 'a wildcard partition'),
    row('ArnLike', SA, 'arn:aws:*:us-east-1:123456789012:topic-a', TOPIC, true, 'a wildcard service'),
    row('ArnLike', SA, 'arn:aws:sns:us-east-1:123456789012:topic-*', TOPIC, true),
    row('ArnLike', SA, 'arn:aws:sns:us-east-1:123456789012:Topic-*', TOPIC, false, 'case-sensitive'),
    row('ArnLike', SA, [TOPIC, 'arn:aws:sns:us-east-1:123456789012:topic-b'], 'arn:aws:sns:us-east-1:123456789012:topic-b', true, 'values are ORed'),
    row('ArnLike', SA, FINANCE, SNEAKY, false, 'the someservice example: a star does not cross colons'),
    row('StringLike', SA, FINANCE, SNEAKY, true, 'the someservice example: StringLike does cross colons'),
    row('ArnLike', SA, FINANCE, 'arn:aws:someservice:us-east-2:111122223333:finance/document.txt', true, 'the someservice example'),
    row('ArnLike', SA, 'arn:aws:lambda:us-east-1:123456789012:function:*', 'arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod', true, 'the resource part may hold colons'),
    row('ArnLike', PA, 'arn:aws:iam::111122223333:role/ops/*', 'arn:aws:iam::111122223333:role/ops/Deployer', true, 'a role path'),
    row('ArnLike', PA, 'arn:aws:iam::*:role/admin', 'arn:aws:iam::111122223333:role/admin', true, 'an empty region and a wildcard account'),
    row('ArnLike', PA, 'arn:aws:iam::*:role/admin', 'arn:aws:iam::111122223333:role/team/admin', false),
    row('ArnNotEquals', SA, TOPIC, TOPIC, false),
    row('ArnNotEquals', SA, TOPIC, 'arn:aws:sns:us-east-1:123456789012:topic-b', true),
    row('ArnNotEquals', SA, TOPIC, MISSING, true, 'negated operator on a missing key'),
    row('ArnNotLike', SA, 'arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:999999999999:topic-a', true),
    row('ArnNotLike', SA, 'arn:aws:sns:*:123456789012:*', TOPIC, false),
    row('ArnNotLike', SA, 'arn:aws:sns:*:123456789012:*', MISSING, true, 'negated operator on a missing key'),
    row('ArnNotLike', SA, [TOPIC, 'arn:aws:sns:us-east-1:123456789012:topic-b'], TOPIC, false, 'a negated operator NORs its values'),
    row('ArnLikeIfExists', SA, 'arn:aws:sns:*:123456789012:*', MISSING, true, 'IfExists'),
    row('ArnLikeIfExists', SA, 'arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:999999999999:x', false, 'IfExists still checks a present key'),
    row('ArnNotEqualsIfExists', SA, TOPIC, MISSING, true, 'IfExists'),
  ]),
]
