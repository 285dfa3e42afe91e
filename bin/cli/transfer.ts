import { rename, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { stringify as toYaml } from 'yaml'
import { defaultCodec } from '../../src/identity/document.js'
import { CliInputError, readDocument } from './files.js'
import type { Out } from './output.js'
import { openStore } from './store.js'

/** `export --store <src> [--out file]`: the whole store as one document (JSON, or YAML by extension). */
export async function exportCommand(out: Out, args: { store: string; outFile: string | undefined; schema?: string }): Promise<number> {
  const store = await openStore(args.store, { schema: args.schema })
  try {
    const document = defaultCodec.encode(await store.exportRecords())
    const yaml = args.outFile !== undefined && /\.ya?ml$/i.test(extname(args.outFile))
    const text = yaml ? toYaml(document) : `${JSON.stringify(document, null, 2)}\n`
    if (args.outFile === undefined) out.write(text)
    else {
      const temp = `${args.outFile}.${process.pid}.tmp`
      await writeFile(temp, text, { mode: 0o600 })
      await rename(temp, args.outFile)
      if (!out.json) out.error(`exported to ${args.outFile}`)
    }
    return 0
  } finally {
    await store.close()
  }
}

/** `import <file> --store <dest>`: validates everything first; an invalid document changes nothing. */
export async function importCommand(out: Out, args: { file: string; store: string; schema?: string }): Promise<number> {
  const decoded = defaultCodec.decode(await readDocument(args.file))
  if (!decoded.ok) {
    if (out.json) out.write(JSON.stringify({ imported: false, issues: decoded.issues }))
    else {
      out.error(`${args.file}: not imported, ${decoded.issues.length} issue(s)`)
      for (const issue of decoded.issues) out.error(`  ${issue.path.join('.')}  ${issue.message}`)
    }
    return 1
  }
  const store = await openStore(args.store, { schema: args.schema })
  try {
    await store.importRecords(decoded.records)
  } finally {
    await store.close()
  }
  if (out.json) out.write(JSON.stringify({ imported: true, records: decoded.records.length }))
  else out.write(`imported ${decoded.records.length} records into ${args.store.replace(/\/\/[^@/]*@/, '//***@')}`)
  return 0
}

export { CliInputError }
