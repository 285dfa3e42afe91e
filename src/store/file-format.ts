/** Reading and writing the file store's document as JSON or YAML, chosen by the file extension. */
import { extname } from 'node:path'
import YAML from 'yaml'
import { IamError } from '../errors.js'

export type FileFormat = 'json' | 'yaml'

export interface FormatIssue {
  path: (string | number)[]
  message: string
}

export function formatOf(path: string): FileFormat {
  const extension = extname(path).toLowerCase()
  if (extension === '.json') return 'json'
  if (extension === '.yaml' || extension === '.yml') return 'yaml'
  throw new IamError('ERR_INVALID_OPTION', `fileStore: the path must end in .json, .yaml or .yml (got ${JSON.stringify(path)})`)
}

/** Parses a document; syntax errors come back as issues (YAML: every one, with line and column). */
export function parseDocument(text: string, format: FileFormat): { ok: true; document: unknown } | { ok: false; issues: FormatIssue[] } {
  if (format === 'json') {
    try {
      return { ok: true, document: JSON.parse(text) }
    } catch (error) {
      return { ok: false, issues: [{ path: [], message: `Invalid JSON: ${(error as Error).message}` }] }
    }
  }
  const parsed = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true })
  if (parsed.errors.length > 0) {
    return { ok: false, issues: parsed.errors.map((error) => ({ path: [], message: `Invalid YAML: ${error.message}` })) }
  }
  try {
    // A bounded alias count keeps a "billion laughs" document from exhausting memory.
    return { ok: true, document: parsed.toJS({ maxAliasCount: 100 }) }
  } catch (error) {
    return { ok: false, issues: [{ path: [], message: `Invalid YAML: ${(error as Error).message}` }] }
  }
}

export function serializeDocument(document: unknown, format: FileFormat): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : YAML.stringify(document)
}
