import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'

export class CliInputError extends Error {
  override readonly name = 'CliInputError'
}

/** Reads a JSON or YAML file (by extension; `.json` is JSON, anything else tries JSON then YAML). */
export async function readDocument(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new CliInputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? 'error'})`)
  }
  const ext = extname(path).toLowerCase()
  try {
    if (ext === '.yaml' || ext === '.yml') return parseYaml(text, { maxAliasCount: 100 })
    return JSON.parse(text)
  } catch (error) {
    throw new CliInputError(`${path}: not valid ${ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON'} (${(error as Error).message})`)
  }
}

/** A store document has `accounts`; anything else is taken for a single policy. */
export function isStoreDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && Object.hasOwn(doc, 'accounts')
}
