/** ARN helpers (AWS "IAM identifiers": reference_identifiers.html). */
import { describe, expect, it } from 'vitest'
import { arnAccount, parseArn, parsePrincipalArn, sessionRoleArn } from '../../src/principal-arn.js'

describe('parseArn', () => {
  it('splits the six parts and keeps colons in the resource', () => {
    expect(parseArn('arn:app:docs:eu-1:acme:project/p1:v2')).toEqual({ partition: 'app', service: 'docs', region: 'eu-1', account: 'acme', resource: 'project/p1:v2' })
    expect(parseArn('arn:aws:s3:::bucket')).toMatchObject({ account: '', resource: 'bucket' })
    expect(parseArn('arn:aws:s3::bucket')).toBeUndefined()
    expect(parseArn('*')).toBeUndefined()
  })

  it('gives the account of a resource', () => {
    expect(arnAccount('arn:aws:dynamodb:us-east-1:123456789012:table/t')).toEqual({ partition: 'aws', account: '123456789012' })
  })
})

describe('parsePrincipalArn', () => {
  it('recognizes users (with paths), roles, sessions, root, federated users, providers and services', () => {
    expect(parsePrincipalArn('arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Jane')).toMatchObject({ kind: 'user', name: 'Jane', account: '123456789012', accountKey: 'aws:123456789012' })
    expect(parsePrincipalArn('arn:app:iam::acme:role/ops/Deployer')).toMatchObject({ kind: 'role', name: 'Deployer', partition: 'app' })
    expect(parsePrincipalArn('arn:aws:sts::123456789012:assumed-role/Deployer/alice@example.com')).toMatchObject({ kind: 'assumedRole', roleName: 'Deployer', name: 'alice@example.com' })
    expect(parsePrincipalArn('arn:aws:iam::123456789012:root')).toMatchObject({ kind: 'root' })
    expect(parsePrincipalArn('arn:aws:sts::123456789012:federated-user/bob')).toMatchObject({ kind: 'federatedUser', name: 'bob' })
    expect(parsePrincipalArn('arn:aws:iam::123456789012:oidc-provider/login.example.com')).toMatchObject({ kind: 'federatedProvider' })
    expect(parsePrincipalArn('worker.app')).toMatchObject({ kind: 'service', account: undefined })
  })

  it('refuses wildcards, groups, regions, bad accounts and names', () => {
    for (const bad of [
      'arn:aws:iam::123456789012:user/*', 'arn:aws:iam::123456789012:user/a?', 'arn:aws:iam::123456789012:group/g',
      'arn:aws:iam:us-east-1:123456789012:user/a', 'arn:aws:iam::bad account:user/a', 'arn:aws:iam::*:root',
      'arn:aws:sts::123456789012:assumed-role/R', 'arn:aws:sts::123456789012:assumed-role/R/s/x', 'arn:aws:iam::123456789012:user/',
      'arn:aws:iam::123456789012:user//a', 'Worker.App', 'localhost', '',
    ]) expect(parsePrincipalArn(bad), bad).toBeUndefined()
  })
})

describe('sessionRoleArn', () => {
  const session = parsePrincipalArn('arn:aws:sts::123456789012:assumed-role/Deployer/s1')!

  it('takes the role ARN with its path from aws:PrincipalArn when it names the same role', () => {
    expect(sessionRoleArn(session, 'arn:aws:iam::123456789012:role/ops/Deployer')).toBe('arn:aws:iam::123456789012:role/ops/Deployer')
  })

  it('derives the role ARN without a path otherwise', () => {
    expect(sessionRoleArn(session, undefined)).toBe('arn:aws:iam::123456789012:role/Deployer')
    expect(sessionRoleArn(session, 'arn:aws:iam::123456789012:role/Admin')).toBe('arn:aws:iam::123456789012:role/Deployer')
    expect(sessionRoleArn(session, 'arn:aws:iam::999999999999:role/Deployer')).toBe('arn:aws:iam::123456789012:role/Deployer')
  })
})
