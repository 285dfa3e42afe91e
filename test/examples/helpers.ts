/**
 * Shared steps of the example tests: sign in and assume roles over HTTP exactly as a client of
 * the example would, and a throw-away PostgreSQL schema.
 */
import pg from 'pg'
import request from 'supertest'
import { expect } from 'vitest'
import { demoTokenOptions } from '../../examples/shared/runtime.js'
import { createIam, memoryStore, type Iam, type StoreSnapshotRecord } from '../../src/index.js'

/** What supertest accepts: an Express app, a Koa `callback()` or a listening server. */
export type Target = Parameters<typeof request>[0]

export async function login(target: Target, body: { account: string; userName: string; password: string; mfaCode?: string }): Promise<string> {
  const res = await request(target).post('/sts/login').send(body)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body as { Credentials: { SessionToken: string } }).Credentials.SessionToken
}

export async function assumeRole(target: Target, token: string, body: Record<string, unknown>): Promise<string> {
  const res = await request(target).post('/sts/assume-role').set('authorization', `Bearer ${token}`).send(body)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body as { Credentials: { SessionToken: string } }).Credentials.SessionToken
}

export const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`]

/** The AWS-style body of a refusal: `{ error, message, requestId }` and nothing else. */
export function expectAwsError(res: { status: number; body: unknown }, status: number, error: string, message: string | RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  const body = res.body as Record<string, unknown>
  expect(Object.keys(body).sort()).toEqual(['error', 'message', 'requestId'])
  expect(body['error']).toBe(error)
  if (typeof message === 'string') expect(body['message']).toBe(message)
  else expect(body['message']).toMatch(message)
}

export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A unique schema for one test file; `drop()` removes it and everything in it. */
export function freshSchema(example: string): { name: string; drop(): Promise<void> } {
  const name = `examples_${example.replace(/-/g, '_')}_${process.pid}_${Date.now().toString(36)}`
  return {
    name,
    async drop() {
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 })
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
      } finally {
        await pool.end()
      }
    },
  }
}

/**
 * The store records an example's seed writes, made once per test file: each test then starts from
 * a copy (`memoryStore(structuredClone(records))`) instead of hashing every demo password again.
 */
export async function seededRecords(seed: (iam: Iam) => Promise<unknown>): Promise<StoreSnapshotRecord[]> {
  const iam = await createIam({ store: memoryStore(), tokens: demoTokenOptions('https://seed.example.test') })
  try {
    await seed(iam)
    return await iam.store.exportRecords()
  } finally {
    await iam.close()
  }
}
