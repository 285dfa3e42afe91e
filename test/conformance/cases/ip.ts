/**
 * IP address condition operators. AWS "IAM JSON policy elements: Condition operators" (IP
 * address condition operators): "The value must be in the standard CIDR format (for example,
 * 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP address without the
 * associated routing prefix, IAM uses the default prefix value of /32." The mixed IPv4/IPv6
 * example lists both families under one key.
 * Amazon S3 User Guide, "Using IPv6 addresses in IAM policies"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ipv6-access.html#ipv6-access-iam): a
 * policy of IPv4 ranges only "prevents communication using IPv6 addresses", and a policy that
 * allows both lists a range of each: an IPv4 address is never inside an IPv6 range (::/0 included).
 */
import { MISSING, conditionCases, row, type ConditionRow } from '../build.js'
import { SRC } from '../sources.js'

const IP = 'aws:SourceIp'
const S3_IPV6 = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ipv6-access.html#ipv6-access-iam'

/** A row whose request spells the key differently from the policy (condition key names are case-insensitive). */
function spelled(operator: string, policyKey: string, contextKey: string, value: unknown, context: string, match: boolean, note: string): ConditionRow {
  return { operator, key: policyKey, contextKey, value, context, match, note }
}

export const ipCases = [
  ...conditionCases(SRC.conditionOperators, [
    row('IpAddress', IP, '203.0.113.0/24', '203.0.113.7', true, 'the 203.0.113.0/24 example'),
    row('IpAddress', IP, '203.0.113.0/24', '203.0.113.0', true, 'the first address of the range'),
    row('IpAddress', IP, '203.0.113.0/24', '203.0.113.255', true, 'the last address of the range'),
    row('IpAddress', IP, '203.0.113.0/24', '203.0.114.1', false),
    row('IpAddress', IP, '203.0.113.0/24', '203.0.112.255', false),
    row('IpAddress', IP, '203.0.113.0/24', MISSING, false, 'a request through a VPC endpoint carries no SourceIp'),
    row('IpAddress', IP, '203.0.113.7', '203.0.113.7', true, 'no prefix means /32'),
    row('IpAddress', IP, '203.0.113.7', '203.0.113.8', false, 'no prefix means /32'),
    row('IpAddress', IP, '10.1.0.0/16', '10.1.255.255', true),
    row('IpAddress', IP, '10.1.0.0/16', '10.2.0.0', false),
    row('IpAddress', IP, '0.0.0.0/0', '198.51.100.1', true, 'the whole IPv4 space'),
    row('IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:db8:1234:5678::1', true, 'IPv6, hex digits in any case'),
    row('IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:DB8:1234:5678:ffff:ffff:ffff:ffff', true, 'IPv6, the last address'),
    row('IpAddress', IP, '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false, 'IPv6'),
    row('IpAddress', IP, '2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', true, 'IPv6 without a prefix, written out in full'),
    row('IpAddress', IP, '2001:db8::1', '2001:db8::2', false, 'IPv6 without a prefix is one address'),
    row('IpAddress', IP, '2001:DB8:1234:5678::/64', '203.0.113.7', false, 'an IPv4 request against an IPv6 range'),
    row('IpAddress', IP, '203.0.113.0/24', '2001:db8:1234:5678::1', false, 'an IPv6 request against an IPv4 range'),
    row('IpAddress', IP, ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], '2001:db8:1234:5678::5', true, 'the mixed IPv4/IPv6 example'),
    row('IpAddress', IP, ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], '203.0.113.9', true, 'the mixed IPv4/IPv6 example'),
    row('IpAddress', IP, ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], '192.0.2.1', false, 'the mixed IPv4/IPv6 example'),
    row('NotIpAddress', IP, '203.0.113.0/24', '203.0.113.7', false),
    row('NotIpAddress', IP, '203.0.113.0/24', '198.51.100.1', true),
    row('NotIpAddress', IP, '203.0.113.0/24', MISSING, true, 'negated operator on a missing key'),
    row('NotIpAddress', IP, ['192.0.2.0/24', '203.0.113.0/24'], '203.0.113.9', false, 'a negated operator NORs its values'),
    row('NotIpAddress', IP, ['192.0.2.0/24', '203.0.113.0/24'], '198.51.100.1', true, 'a negated operator NORs its values'),
    row('IpAddressIfExists', IP, '203.0.113.0/24', MISSING, true, 'IfExists'),
    row('IpAddressIfExists', IP, '203.0.113.0/24', '198.51.100.1', false, 'IfExists still checks a present key'),
    row('NotIpAddressIfExists', IP, '203.0.113.0/24', '203.0.113.1', false, 'IfExists'),
  ] satisfies ConditionRow[]),
  ...conditionCases(S3_IPV6, [
    row('IpAddress', IP, '::/0', '203.0.113.77', false, 'an IPv4 address is not inside ::/0'),
    row('NotIpAddress', IP, '::/0', '203.0.113.77', true, 'an IPv4 address is not inside ::/0'),
    row('IpAddress', IP, '::/0', '2001:db8::77', true, '::/0 is every IPv6 address'),
    row('NotIpAddress', IP, '::/0', '2001:db8::77', false, '::/0 is every IPv6 address'),
    row('IpAddress', IP, '::/0', '::ffff:203.0.113.77', false, 'an IPv4-mapped address is its IPv4 address'),
    row('IpAddress', IP, '203.0.113.0/24', '::ffff:203.0.113.77', true, 'an IPv4-mapped address is its IPv4 address'),
    row('IpAddress', IP, ['::/0', '198.51.100.0/24'], '203.0.113.77', false, 'a list: neither family contains it'),
    row('IpAddress', IP, ['::/0', '198.51.100.0/24'], '198.51.100.77', true, 'a list: the IPv4 range contains it'),
    row('NotIpAddress', IP, ['::/0', '198.51.100.0/24'], '203.0.113.77', true, 'a list: NOR over both families'),
    row('NotIpAddress', IP, ['::/0', '198.51.100.0/24'], '2001:db8::77', false, 'a list: NOR over both families'),
    row('IpAddress', IP, ['203.0.113.0/24', '::/0'], '2001:db8::1', true, 'an IPv4 range and every IPv6 address'),
    row('IpAddress', IP, ['203.0.113.0/24', '::/0'], '192.0.2.1', false, 'an IPv4 range and every IPv6 address'),
    spelled('IpAddress', 'AwS:vpCSoURCEip', 'aws:VpcSourceIp', '::/0', '203.0.113.77', false, 'mixed-case key names, IPv4 against ::/0'),
    spelled('NotIpAddress', 'AwS:vpCSoURCEip', 'AWS:VPCSOURCEIP', '::/0', '203.0.113.77', true, 'mixed-case key names, IPv4 against ::/0'),
    spelled('NotIpAddress', 'AwS:vpCSoURCEip', 'aws:vpcsourceip', ['::/0', '198.51.100.0/24'], '198.51.100.1', false, 'mixed-case key names, a list'),
  ]),
]
