import { describe, expect, it } from 'vitest'
import { accessDeniedMessage } from '../../src/guard/denial.js'
import { errorResponse } from '../../src/guard/error-response.js'
import { IamError } from '../../src/errors.js'

const who = { principalArn: 'arn:app:iam::1:user/a', action: 'docs:Delete', resource: 'arn:app:docs::1:d/x' }

// AWS "Troubleshoot access denied error messages":
// docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
describe('AccessDenied messages', () => {
  it('names the policy type in AWS words for explicit and implicit denies', () => {
    const head = 'User: arn:app:iam::1:user/a is not authorized to perform: docs:Delete on resource: arn:app:docs::1:d/x'
    expect(accessDeniedMessage({ ...who, decision: 'explicitDeny', decidedBy: 'boundary' })).toBe(`${head} with an explicit deny in a permissions boundary`)
    expect(accessDeniedMessage({ ...who, decision: 'explicitDeny', decidedBy: 'resource' })).toBe(`${head} with an explicit deny in a resource-based policy`)
    expect(accessDeniedMessage({ ...who, decision: 'implicitDeny', decidedBy: 'session' })).toBe(`${head} because no session policy allows the docs:Delete action`)
    expect(accessDeniedMessage({ ...who, decision: 'implicitDeny', decidedBy: 'guardrail' })).toBe(`${head} because no guardrail policy allows the docs:Delete action`)
  })
})

describe('errorResponse', () => {
  it('renders an IamError as { error, message, requestId } with its status', () => {
    const r = errorResponse(new IamError('ERR_ACCESS_DENIED', 'nope'), 'rid')
    expect(r).toMatchObject({ status: 403, body: { error: 'AccessDenied', message: 'nope', requestId: 'rid' } })
    expect(r.headers['cache-control']).toBe('no-store')
  })

  it('adds WWW-Authenticate to 401s, with invalid_token for refused tokens', () => {
    expect(errorResponse(new IamError('ERR_UNAUTHENTICATED', 'x'), 'r').headers['www-authenticate']).toBe('Bearer realm="iam-guard"')
    expect(errorResponse(new IamError('ERR_TOKEN_EXPIRED', 'x'), 'r').headers['www-authenticate']).toBe('Bearer realm="iam-guard", error="invalid_token"')
  })

  it('never shows the message of a 5xx or of an unknown error', () => {
    const internal = errorResponse(new IamError('ERR_INTERNAL', 'db password is hunter2'), 'r')
    expect(internal.status).toBe(500)
    expect(JSON.stringify(internal.body)).not.toContain('hunter2')
    const unknown = errorResponse(new Error('secret stack'), 'r')
    expect(unknown).toMatchObject({ status: 500, body: { error: 'ServiceFailure' } })
    expect(JSON.stringify(unknown.body)).not.toContain('secret')
  })

  it('keeps the status of a framework 4xx error and shows its message only when exposed', () => {
    const parser = Object.assign(new Error('Unexpected token } in JSON'), { status: 400, expose: true })
    expect(errorResponse(parser, 'r')).toMatchObject({ status: 400, body: { error: 'InvalidRequest', message: 'Unexpected token } in JSON' } })
    const hidden = Object.assign(new Error('internal detail'), { status: 413 })
    expect(errorResponse(hidden, 'r').body.message).toBe('Payload Too Large')
  })
})
