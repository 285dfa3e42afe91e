/**
 * The elements of the policy grammar and what each policy kind allows. AWS element names are
 * case-sensitive (`"effect"` is not `"Effect"`), so the sets below are matched exactly.
 *
 * Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
 * reference_policies_elements_principal.html, reference_policies_elements_notprincipal.html
 * ("You cannot use the NotPrincipal element in an IAM identity-based policy nor in an IAM role
 * trust policy"), reference_policies_elements_sid.html, and for guardrails (the SCP analogue)
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html.
 */
import type { PolicyKind } from './types.js'

export const POLICY_ELEMENTS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement'])

export const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])

export const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['AWS', 'Federated', 'Service', 'CanonicalUser'])

export const VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17'])

export const POLICY_KINDS: ReadonlySet<PolicyKind> = new Set<PolicyKind>([
  'managed',
  'inlineUser',
  'inlineGroup',
  'inlineRole',
  'identity',
  'resource',
  'trust',
  'boundary',
  'session',
  'guardrail',
])

export interface KindRules {
  /** A resource-based kind: every statement names `Principal` or `NotPrincipal`. */
  readonly principal: 'required' | 'forbidden'
  /** Whether `NotPrincipal` is accepted at all (resource policies only). */
  readonly notPrincipal: boolean
  /** Trust policies have no `Resource`: the resource is the role itself. */
  readonly resource: 'required' | 'forbidden'
  /** IAM accepts only ASCII letters and digits in a Sid; other services are lenient. */
  readonly strictSid: boolean
  /**
   * A Version, when present, must be `2012-10-17` (SCPs: "Every SCP must include a Version element
   * with the value 2012-10-17"). A missing Version is accepted all the same, as the same page's own
   * SCP examples omit it; `lintPolicy` warns about it.
   */
  readonly version2012Only: boolean
  /** A trust policy may only name the AssumeRole family ("AssumeRole policy may only specify STS AssumeRole actions"). */
  readonly stsActionsOnly: boolean
}

const IDENTITY: KindRules = Object.freeze({
  principal: 'forbidden',
  notPrincipal: false,
  resource: 'required',
  strictSid: true,
  version2012Only: false,
  stsActionsOnly: false,
})

export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = Object.freeze({
  managed: IDENTITY,
  identity: IDENTITY,
  inlineUser: IDENTITY,
  inlineGroup: IDENTITY,
  inlineRole: IDENTITY,
  boundary: IDENTITY,
  session: IDENTITY,
  guardrail: Object.freeze({ ...IDENTITY, strictSid: false, version2012Only: true }),
  resource: Object.freeze({
    principal: 'required',
    notPrincipal: true,
    resource: 'required',
    strictSid: false,
    version2012Only: false,
    stsActionsOnly: false,
  }),
  trust: Object.freeze({
    principal: 'required',
    notPrincipal: false,
    resource: 'forbidden',
    strictSid: true,
    version2012Only: false,
    stsActionsOnly: true,
  }),
})

/** Own enumerable property, never an inherited one (`constructor`, `__proto__` are data). */
export function own(object: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key)
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The properly spelled element when `name` differs from one only by case, for hints. */
export function caseHint(name: string, known: ReadonlySet<string>): string | undefined {
  const lower = name.toLowerCase()
  for (const k of known) if (k.toLowerCase() === lower) return k
  return undefined
}

/** Counts `:` outside `${…}` policy variables, bounded, for the ARN shape check. */
export function arnFieldCount(text: string): number {
  let fields = 1
  let inVariable = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (!inVariable && c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) inVariable = true
    else if (inVariable && c === 0x7d /* } */) inVariable = false
    else if (!inVariable && c === 0x3a /* : */) fields++
  }
  return fields
}

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with at least six colon-separated fields. */
export function looksLikeArn(text: string): boolean {
  return text.startsWith('arn:') && arnFieldCount(text) >= 6
}

/**
 * Whether a colon-separated field of `text` (outside `${…}` policy variables) ends with the `*`
 * wildcard. AWS "IAM JSON policy elements: Resource": "If the * wildcard is the last character
 * of a resource ARN segment, it can expand to match beyond the colon boundaries".
 */
function hasExpandingStar(text: string): boolean {
  let inVariable = false
  let last = -1
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x3a
    if (!inVariable && c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) inVariable = true
    else if (inVariable && c === 0x7d /* } */) inVariable = false
    else if (!inVariable && c === 0x3a /* : */ && last === 0x2a /* * */) return true
    if (!inVariable) last = c
    else last = -1
  }
  return false
}

/**
 * A Resource/NotResource entry: an ARN of six fields, or of fewer when one of its fields ends with
 * a `*` that supplies the missing colons (`arn:aws:s3:*`, `arn:aws:sqs:us-*:orders-queue`).
 */
export function looksLikeResourceArn(text: string): boolean {
  return text.startsWith('arn:') && (arnFieldCount(text) >= 6 || hasExpandingStar(text))
}

const ACTION_PART = /^[A-Za-z0-9_.*?-]+$/

/** `*` or `service:action`; both parts letters, digits, `_ . -` and the wildcards `* ?`. */
export function isValidAction(action: string): boolean {
  if (action === '*') return true
  const colon = action.indexOf(':')
  if (colon <= 0 || colon === action.length - 1) return false
  return ACTION_PART.test(action.slice(0, colon)) && ACTION_PART.test(action.slice(colon + 1))
}

/** iam-guard account ids: 1–64 of `[A-Za-z0-9_-]` (DESIGN.md); 12-digit AWS ids fit. */
export const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/

export const STRICT_SID = /^[A-Za-z0-9]*$/

/**
 * The actions a role trust policy may name, lower-cased: the three ways of assuming a role and the
 * permissions to pass session tags, a source identity and context along with it. IAM refuses any
 * other action there with "AssumeRole policy may only specify STS AssumeRole actions".
 */
export const TRUST_ACTIONS: readonly string[] = Object.freeze([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
])
