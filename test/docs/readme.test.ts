import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderReadme, snippetCount } from '../../scripts/readme-snippets.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('the README', () => {
  it('shows code that is exactly the tested examples it comes from (run `npx tsx scripts/readme-snippets.ts` to refresh)', () => {
    expect(snippetCount(readme)).toBeGreaterThanOrEqual(2)
    expect(renderReadme(readme)).toBe(readme)
  })

  it('names the two set-up commands', () => {
    expect(readme).toContain('npm install && npm start')
    expect(readme).toContain('npm install && npm test')
  })
})

describe('the README examples that are data', () => {
  const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```', 'g'))].map((m) => m[1] as string)

  it('has policies that validate', async () => {
    const { validatePolicy } = await import('../../src/index.js')
    const policies = blocks('json').map((text) => JSON.parse(text) as unknown)
    expect(policies.length).toBeGreaterThan(0)
    for (const policy of policies) expect(validatePolicy(policy)).toMatchObject({ ok: true })
  })

  it('has a store document that decodes', async () => {
    const { defaultCodec } = await import('../../src/index.js')
    const { parse } = await import('yaml')
    const documents = blocks('yaml').filter((text) => text.startsWith('version: 1'))
    expect(documents.length).toBeGreaterThan(0)
    for (const text of documents) expect(defaultCodec.decode(parse(text))).toMatchObject({ ok: true })
  })
})
