/**
 * Identity provider key-set URLs point only at public addresses (SSRF), whether written as an IP
 * literal or reached through DNS, and every failure reads the same so that the answer cannot map
 * the network. Loopback only with `dangerouslyAllowLocal`. Servers listen on 127.0.0.1, port 0.
 */
import type { lookup } from 'node:dns'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchJwks, guardedLookup, isAllowedJwksUrl } from '../../src/sts/jwks-fetch.js'

const local = { dangerouslyAllowLocal: true }

describe('isAllowedJwksUrl', () => {
  it.each([
    'https://127.0.0.1/jwks', 'https://127.1/jwks', 'https://0x7f.0.0.1/jwks', 'https://017700000001/jwks', 'https://2130706433/jwks',
    'https://0.0.0.0/jwks', 'https://100.64.0.1/jwks', 'https://172.31.255.255/jwks', 'https://[fe80::1]/jwks', 'https://[fc00::1]/jwks',
    'https://[::ffff:127.0.0.1]/jwks', 'https://[64:ff9b::a00:5]/jwks', 'https://[::]/jwks', 'https://localhost./jwks', 'https://idp.localhost/jwks',
  ])('refuses %s', (url) => {
    expect(isAllowedJwksUrl(url)).toBe(false)
  })

  it('accepts https to a public address or a host name', () => {
    expect(isAllowedJwksUrl('https://93.184.215.14/jwks')).toBe(true)
    expect(isAllowedJwksUrl('https://[2606:4700::1]/jwks')).toBe(true)
    expect(isAllowedJwksUrl('https://idp.example.test/jwks')).toBe(true)
  })

  it('admits loopback, over http too, only with dangerouslyAllowLocal, and nothing else private even then', () => {
    expect(isAllowedJwksUrl('http://127.0.0.1:8080/jwks', local)).toBe(true)
    expect(isAllowedJwksUrl('https://[::1]/jwks', local)).toBe(true)
    expect(isAllowedJwksUrl('http://127.0.0.1:8080/jwks')).toBe(false)
    for (const url of ['https://10.0.0.5/jwks', 'http://10.0.0.5/jwks', 'http://localhost/jwks', 'http://idp.example.test/jwks', 'http://93.184.215.14/jwks']) {
      expect(isAllowedJwksUrl(url, local)).toBe(false)
    }
  })
})

describe('guardedLookup', () => {
  const resolver = (addresses: { address: string; family: number }[]) =>
    ((_host: string, _options: unknown, callback: (error: Error | null, addresses: unknown) => void) => callback(null, addresses)) as unknown as typeof lookup
  const run = (addresses: { address: string; family: number }[], all: boolean, allowLoopback = false) =>
    new Promise<unknown>((resolve, reject) => {
      guardedLookup(allowLoopback, resolver(addresses))('idp.example.test', { all }, (error, address) => (error === null ? resolve(address) : reject(error)))
    })

  it('refuses a name when any of its addresses is not public (DNS pointing inside, or rebinding)', async () => {
    await expect(run([{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.5', family: 4 }], true)).rejects.toThrow(/not public/)
    await expect(run([{ address: '::ffff:169.254.169.254', family: 6 }], false)).rejects.toThrow(/not public/)
    await expect(run([{ address: '127.0.0.1', family: 4 }], false)).rejects.toThrow(/not public/)
    await expect(run([], false)).rejects.toThrow(/not public/)
  })

  it('answers with the checked addresses, as one or as a list', async () => {
    await expect(run([{ address: '93.184.215.14', family: 4 }], false)).resolves.toBe('93.184.215.14')
    await expect(run([{ address: '93.184.215.14', family: 4 }], true)).resolves.toEqual([{ address: '93.184.215.14', family: 4 }])
    await expect(run([{ address: '127.0.0.1', family: 4 }], false, true)).resolves.toBe('127.0.0.1')
  })
})

describe('fetchJwks', () => {
  let server: Server
  let base = ''
  let closedPort = 0

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ kty: 'EC' }, 'junk'] }))
      else if (req.url === '/big') res.writeHead(200).end('x'.repeat(300 * 1024))
      else if (req.url === '/redirect') res.writeHead(302, { location: '/jwks' }).end()
      else res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const spare = createServer()
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve))
    closedPort = (spare.address() as AddressInfo).port
    await new Promise<void>((resolve) => spare.close(() => resolve()))
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('fetches the keys of a key set on loopback when allowed, dropping entries that are not objects', async () => {
    await expect(fetchJwks(`${base}/jwks`, local)).resolves.toEqual([{ kty: 'EC' }])
  })

  it('fails with one message whatever went wrong: refused URL, 404, closed port, redirect, oversized', async () => {
    const failures = await Promise.all([
      fetchJwks(`${base}/jwks`),
      fetchJwks(`${base}/missing`, local),
      fetchJwks(`http://127.0.0.1:${closedPort}/jwks`, local),
      fetchJwks(`${base}/redirect`, local),
      fetchJwks(`${base}/big`, local),
    ].map((p) => p.then(() => 'resolved', (error: { code: string; awsCode: string; message: string }) => `${error.code} ${error.awsCode} ${error.message}`)))
    expect(new Set(failures)).toEqual(new Set(['ERR_TOKEN_INVALID IDPCommunicationError Could not fetch the identity provider key set']))
  })
})
