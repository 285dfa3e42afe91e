/**
 * Every engine export of the public barrel carries TSDoc with an `@example`, and every example
 * runs: its `import … from 'iam-guard'` is bound to the real barrel, and each line written
 * `expression // value` asserts that the expression equals the value.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as barrel from '../../src/index.js'

const EXPORTS: ReadonlyArray<readonly [name: string, file: string]> = [
  ['evaluate', 'src/evaluate/evaluate.ts'],
  ['compilePolicy', 'src/policy/compile.ts'],
  ['compilePolicySet', 'src/evaluate/policy-set.ts'],
  ['isCompiledPolicySet', 'src/evaluate/policy-set.ts'],
  ['validatePolicy', 'src/policy/validate.ts'],
  ['parsePolicy', 'src/policy/parse.ts'],
  ['lintPolicy', 'src/policy/lint.ts'],
  ['parseArn', 'src/principal-arn.ts'],
  ['parsePrincipalArn', 'src/principal-arn.ts'],
]

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The TSDoc block right before `export function name(`, without its `*` margins. */
function tsdocOf(name: string, file: string): string {
  const text = readFileSync(`${root}${file}`, 'utf8')
  const at = text.indexOf(`export function ${name}(`)
  expect(at, `${name} in ${file}`).toBeGreaterThan(0)
  const before = text.slice(0, at).trimEnd()
  expect(before.endsWith('*/'), `${name} has TSDoc`).toBe(true)
  const block = before.slice(before.lastIndexOf('/**'))
  return block.split('\n').map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '')).join('\n')
}

function exampleOf(doc: string): string {
  const at = doc.indexOf('@example')
  expect(at, 'an @example').toBeGreaterThanOrEqual(0)
  const fence = /```ts\n([\s\S]*?)```/.exec(doc.slice(at))
  expect(fence, 'a ```ts fence').not.toBeNull()
  return fence![1]!
}

function isLiteral(source: string): boolean {
  try {
    new Function(`return (${source})`)
    return true
  } catch {
    return false
  }
}

/** The example as a function body: imports become parameters, `expr // value` lines become checks. */
function runnable(example: string): { names: string[]; body: string } {
  const names: string[] = []
  const lines: string[] = []
  for (const line of example.split('\n')) {
    const imported = /^import \{([^}]+)\} from 'iam-guard'$/.exec(line.trim())
    if (imported !== null) {
      names.push(...imported[1]!.split(',').map((n) => n.trim()).filter((n) => n !== ''))
      continue
    }
    const checked = /^(\s*)([^\s/].*?)\s+\/\/ (.+)$/.exec(line)
    if (checked !== null && !/^(const|let|import|if|for)\b/.test(checked[2]!) && isLiteral(checked[3]!)) {
      lines.push(`${checked[1]}__check(${JSON.stringify(checked[2])}, () => (${checked[2]}), ${checked[3]})`)
    } else lines.push(line)
  }
  const js = ts.transpileModule(lines.join('\n'), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText
  return { names, body: js }
}

describe('TSDoc examples of the engine exports', () => {
  for (const [name, file] of EXPORTS) {
    it(`${name} has an @example that runs and shows true values`, () => {
      const { names, body } = runnable(exampleOf(tsdocOf(name, file)))
      expect(names).toContain(name)
      const checks: string[] = []
      const check = (source: string, actual: () => unknown, expected: unknown): void => {
        expect(actual(), source).toEqual(expected)
        checks.push(source)
      }
      const values = names.map((n) => (barrel as Record<string, unknown>)[n])
      expect(values.every((v) => typeof v === 'function'), names.join(', ')).toBe(true)
      new Function('__check', ...names, body)(check, ...values)
      expect(checks.length, 'at least one `expression // value` line').toBeGreaterThan(0)
    })
  }
})
