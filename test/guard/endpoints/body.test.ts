import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readJsonBody } from '../../../src/guard/endpoints/body.js'

function stream(...chunks: string[]): Readable {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)))
}

describe('readJsonBody', () => {
  it('parses a JSON object from the stream', async () => {
    await expect(readJsonBody({ kind: 'stream', stream: stream('{"a":', '1}') }, {}, 100)).resolves.toEqual({ a: 1 })
  })

  it('reads an empty body as an empty object', async () => {
    await expect(readJsonBody({ kind: 'stream', stream: stream() }, {}, 100)).resolves.toEqual({})
  })

  it('refuses a body declared larger than the limit with 413, before reading it', async () => {
    const s = stream('{}')
    await expect(readJsonBody({ kind: 'stream', stream: s }, { 'content-length': ['101'] }, 100)).rejects.toMatchObject({ status: 413, awsCode: 'RequestEntityTooLarge' })
    expect(s.readableEnded).toBe(false)
  })

  it('refuses a body that grows past the limit while streaming (chunked, no Content-Length)', async () => {
    await expect(readJsonBody({ kind: 'stream', stream: stream('{"a":"', 'x'.repeat(200), '"}') }, {}, 100)).rejects.toMatchObject({ status: 413 })
  })

  it('refuses malformed JSON with 400', async () => {
    await expect(readJsonBody({ kind: 'stream', stream: stream('{"a":') }, {}, 100)).rejects.toMatchObject({ status: 400, awsCode: 'MalformedInput' })
  })

  it('refuses JSON that is not an object', async () => {
    for (const text of ['[1,2]', '"x"', '42', 'null']) {
      await expect(readJsonBody({ kind: 'stream', stream: stream(text) }, {}, 100)).rejects.toMatchObject({ status: 400 })
    }
  })

  it('keeps __proto__ in a body as a plain own property, never as a prototype', async () => {
    const body = await readJsonBody({ kind: 'stream', stream: stream('{"__proto__":{"polluted":true}}') }, {}, 100)
    expect(Object.hasOwn(body, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('uses a body an upstream parser already read', async () => {
    await expect(readJsonBody({ kind: 'parsed', value: { a: 2 } }, {}, 100)).resolves.toEqual({ a: 2 })
    await expect(readJsonBody({ kind: 'parsed', value: 'text' }, {}, 100)).rejects.toMatchObject({ status: 400 })
  })
})
