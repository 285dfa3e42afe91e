/**
 * The README's code comes from runnable, tested examples: each ```ts block that follows a
 * `<!-- snippet: FILE#REGION -->` line is the `// #region REGION` of FILE, with the examples'
 * relative imports written as a user writes them. `tsx scripts/readme-snippets.ts` rewrites the
 * README from the files; a test fails when the two drift apart.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const IMPORTS: [RegExp, string][] = [
  [/'(?:\.\.\/)+src\/index\.js'/g, "'iam-guard'"],
  [/'(?:\.\.\/)+adapters\/(express|koa|postgres)\/index\.js'/g, "'iam-guard/$1'"],
]
const SNIPPET = /<!-- snippet: ([\w./-]+)#([\w-]+) -->\n(?:```ts\n[\s\S]*?\n```\n)?/g

export function region(file: string, name: string): string {
  const text = readFileSync(ROOT + file, 'utf8')
  const start = text.indexOf(`// #region ${name}\n`)
  const end = text.indexOf('// #endregion', start)
  if (start < 0 || end < 0) throw new Error(`${file} has no region ${name}`)
  let code = text.slice(start + `// #region ${name}\n`.length, end).trimEnd()
  for (const [pattern, replacement] of IMPORTS) code = code.replace(pattern, replacement)
  return code
}

/** The README as it should be: every snippet block filled from its region. */
export function renderReadme(readme: string): string {
  return readme.replace(SNIPPET, (_all, file: string, name: string) => `<!-- snippet: ${file}#${name} -->\n\`\`\`ts\n${region(file, name)}\n\`\`\`\n`)
}

export function snippetCount(readme: string): number {
  return [...readme.matchAll(SNIPPET)].length
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = `${ROOT}README.md`
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8')))
}
