/**
 * The request's condition keys taken from HTTP (DESIGN.md "Request context keys filled from
 * HTTP"). Keys about the principal are added by `iam.authorize` from the principal itself.
 * AWS global condition keys: docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { ContextValue } from '../evaluate/types.js'
import type { RequestFacts } from './types.js'

/** Express reports IPv4 clients of a dual-stack socket as `::ffff:a.b.c.d`; AWS shows them as IPv4. */
function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip
}

export function baseContext(req: RequestFacts, now: number): Map<string, ContextValue> {
  const ctx = new Map<string, ContextValue>()
  if (req.sourceIp !== undefined && req.sourceIp !== '') ctx.set('aws:SourceIp', plainIp(req.sourceIp))
  ctx.set('aws:SecureTransport', req.secure)
  ctx.set('aws:CurrentTime', new Date(now).toISOString())
  // aws:EpochTime is in seconds.
  ctx.set('aws:EpochTime', Math.floor(now / 1000))
  const ua = req.headerValues('user-agent')[0]
  if (ua !== undefined) ctx.set('aws:UserAgent', ua)
  const referer = req.headerValues('referer')[0]
  if (referer !== undefined) ctx.set('aws:Referer', referer)
  return ctx
}

export function addTags(ctx: Map<string, ContextValue>, prefix: 'aws:RequestTag/' | 'aws:ResourceTag/', tags: ReadonlyMap<string, string>): void {
  for (const [key, value] of tags) ctx.set(prefix + key, value)
  // aws:TagKeys lists the tag keys in the request.
  if (prefix === 'aws:RequestTag/') ctx.set('aws:TagKeys', [...tags.keys()])
}
