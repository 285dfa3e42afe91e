/** Console-style switching ("Switch to a role (console)"): always from the original user, at most 5 recent roles. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionState } from '../../src/sts/types.js'
import { A, allow, PASSWORD, putRole, putUser, roleArn, trust, userArn, world, type World } from './helpers.js'

describe('switchRole / switchBack', () => {
  let w: World
  let state: SessionState

  beforeEach(async () => {
    w = await world()
    await putUser(w.store, A, 'alice')
    for (let i = 1; i <= 7; i++) await putRole(w.store, A, `R${i}`, trust({ AWS: userArn(A, 'alice') }), { inlinePolicies: { chain: allow('sts:AssumeRole') } })
    // Trusts only sessions of R1: reachable by chaining from R1, never by switching.
    await putRole(w.store, A, 'OnlyFromR1', trust({ AWS: roleArn(A, 'R1') }))
    const { credentials } = await w.sts.login({ account: A, userName: 'alice', password: PASSWORD })
    state = { userToken: credentials.sessionToken }
  })
  afterEach(() => w.sts.close())

  it('switches to a role with the user name as session name and remembers it', async () => {
    const next = await w.sts.switchRole(state, { roleArn: roleArn(A, 'R1'), displayName: 'Dev' })
    expect(next.userToken).toBe(state.userToken)
    expect(next.recentRoles).toEqual([{ roleArn: roleArn(A, 'R1'), displayName: 'Dev' }])
    const p = w.sts.verifySessionToken(next.roleToken!)
    expect(p).toMatchObject({ arn: `arn:app:sts::${A}:assumed-role/R1/alice`, chainDepth: 1, switchedFrom: userArn(A, 'alice') })
    expect(state.roleToken).toBeUndefined()
  })

  it('names the session <name>-session for a user whose name is too short to be a session name', async () => {
    await putUser(w.store, A, 'b')
    await putRole(w.store, A, 'ForB', trust({ AWS: userArn(A, 'b') }))
    const { credentials } = await w.sts.login({ account: A, userName: 'b', password: PASSWORD })
    const next = await w.sts.switchRole({ userToken: credentials.sessionToken }, { roleArn: roleArn(A, 'ForB') })
    expect(w.sts.verifySessionToken(next.roleToken!).arn).toBe(`arn:app:sts::${A}:assumed-role/ForB/b-session`)
  })

  it('authorizes every switch against the original user, not the active role', async () => {
    const inR1 = await w.sts.switchRole(state, { roleArn: roleArn(A, 'R1') })
    await expect(w.sts.switchRole(inR1, { roleArn: roleArn(A, 'OnlyFromR1') })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED', message: expect.stringContaining(userArn(A, 'alice')) })
    const inR2 = await w.sts.switchRole(inR1, { roleArn: roleArn(A, 'R2') })
    expect(w.sts.verifySessionToken(inR2.roleToken!).chainDepth).toBe(1)
  })

  it('keeps the five most recent roles, most recent first, without duplicates', async () => {
    let s = state
    for (const i of [1, 2, 3, 4, 5, 6, 2]) s = await w.sts.switchRole(s, { roleArn: roleArn(A, `R${i}`) })
    expect(s.recentRoles!.map((r) => r.roleArn)).toEqual([2, 6, 5, 4, 3].map((i) => roleArn(A, `R${i}`)))
  })

  it('switches back by dropping the role token and keeping the recent roles', async () => {
    const inR1 = await w.sts.switchRole(state, { roleArn: roleArn(A, 'R1') })
    const back = w.sts.switchBack(inR1)
    expect(back).toEqual({ userToken: state.userToken, recentRoles: inR1.recentRoles })
    expect('roleToken' in back).toBe(false)
  })

  it('needs a signed-in user token', async () => {
    await expect(w.sts.switchRole({}, { roleArn: roleArn(A, 'R1') })).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' })
    await expect(w.sts.switchRole({ userToken: 'x.y.z' }, { roleArn: roleArn(A, 'R1') })).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' })
    const inR1 = await w.sts.switchRole(state, { roleArn: roleArn(A, 'R1') })
    await expect(w.sts.switchRole({ userToken: inR1.roleToken! }, { roleArn: roleArn(A, 'R2') })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' })
  })

  it('reports the caller identity', async () => {
    const inR1 = await w.sts.switchRole(state, { roleArn: roleArn(A, 'R1') })
    const p = w.sts.verifySessionToken(inR1.roleToken!)
    expect(w.sts.getCallerIdentity(p)).toEqual({ account: A, arn: `arn:app:sts::${A}:assumed-role/R1/alice`, userId: `AROA${'R1'.padEnd(17, 'X')}:alice` })
  })
})
