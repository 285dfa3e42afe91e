import type { PolicyDocument, RawStatement } from '../../src/policy/types.js'

export const A = '111122223333'
export const B = '444455556666'
export const USER = `arn:aws:iam::${A}:user/alice`
export const ROLE = `arn:aws:iam::${A}:role/ops/Deployer`
export const SESSION = `arn:aws:sts::${A}:assumed-role/Deployer/alice-session`
export const BUCKET = 'arn:aws:s3:::reports'
export const OBJECT = 'arn:aws:s3:::reports/2024/q1.csv'

export function doc(...statements: RawStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements }
}

export function allow(action: string | string[], resource: string | string[] = '*', extra: Partial<RawStatement> = {}): RawStatement {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra }
}

export function deny(action: string | string[], resource: string | string[] = '*', extra: Partial<RawStatement> = {}): RawStatement {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra }
}

export function allowFor(principal: RawStatement['Principal'], action: string | string[], resource: string | string[]): RawStatement {
  return { Effect: 'Allow', Principal: principal, Action: action, Resource: resource }
}
