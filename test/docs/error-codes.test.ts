import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, IamError } from '../../src/errors.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('the error-code table', () => {
  it.each(Object.keys(ERROR_CODES))('documents %s in the README with its status', (code) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\``))
    expect(row, `README has no table row for ${code}`).toBeDefined()
    const { status, awsCode } = ERROR_CODES[code as keyof typeof ERROR_CODES]
    expect(row).toContain(String(status))
    expect(row).toContain(awsCode)
  })

  it('lists no code that src/errors.ts does not define', () => {
    const documented = [...readme.matchAll(/^\| `(ERR_[A-Z_]+)`/gm)].map((m) => m[1])
    expect(documented.length).toBeGreaterThan(0)
    for (const code of documented) expect(Object.keys(ERROR_CODES)).toContain(code)
  })
})

describe('IamError', () => {
  it('carries code, status, statusCode, expose and awsCode', () => {
    const error = new IamError('ERR_ACCESS_DENIED', 'no')
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('ERR_ACCESS_DENIED')
    expect(error.status).toBe(403)
    expect(error.statusCode).toBe(403)
    expect(error.expose).toBe(true)
    expect(error.awsCode).toBe('AccessDenied')
  })

  it('does not expose server-side failures', () => {
    expect(new IamError('ERR_INTERNAL', 'boom').expose).toBe(false)
    expect(new IamError('ERR_STORE_UNAVAILABLE', 'down').expose).toBe(false)
    expect(new IamError('ERR_NO_SUCH_ENTITY', 'gone').expose).toBe(true)
  })

  it('keeps the cause', () => {
    const cause = new Error('root')
    expect(new IamError('ERR_INTERNAL', 'wrapped', { cause }).cause).toBe(cause)
  })
})
