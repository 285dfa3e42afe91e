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
