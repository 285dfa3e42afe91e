import { lintPolicy } from '../../src/policy/lint.js'
import { validatePolicy } from '../../src/policy/validate.js'
import { defaultCodec } from '../../src/identity/document.js'
import type { PolicyKind } from '../../src/policy/types.js'
import { isStoreDocument, readDocument } from './files.js'
import { formatPath, paint, type Out } from './output.js'

interface FileIssue { path: (string | number)[]; message: string; code?: string; severity?: string }

async function issuesOf(file: string, kind: PolicyKind): Promise<{ type: 'store' | 'policy'; issues: FileIssue[] }> {
  const doc = await readDocument(file)
  if (isStoreDocument(doc)) {
    const decoded = defaultCodec.decode(doc)
    return { type: 'store', issues: decoded.ok ? [] : decoded.issues }
  }
  const result = validatePolicy(doc, { kind })
  return { type: 'policy', issues: result.ok ? [] : result.issues }
}

/** `validate <file…>`: every issue with its JSON path; exit 1 when any file is invalid. */
export async function validateFiles(out: Out, files: string[], kind: PolicyKind): Promise<number> {
  const report: { file: string; type: string; valid: boolean; issues: FileIssue[] }[] = []
  for (const file of files) {
    const { type, issues } = await issuesOf(file, kind)
    report.push({ file, type, valid: issues.length === 0, issues })
  }
  if (out.json) out.write(JSON.stringify({ valid: report.every((r) => r.valid), files: report }))
  else {
    for (const r of report) {
      if (r.valid) out.write(`${paint(out, 'green', 'valid')}   ${r.file} (${r.type})`)
      else {
        out.write(`${paint(out, 'red', 'invalid')} ${r.file} (${r.type}): ${r.issues.length} issue${r.issues.length === 1 ? '' : 's'}`)
        for (const issue of r.issues) out.write(`  ${paint(out, 'bold', formatPath(issue.path))}  ${issue.message}`)
      }
    }
  }
  return report.every((r) => r.valid) ? 0 : 1
}

/** `lint <file…>`: Access-Analyzer-style findings; exit 1 when any is an error or a security warning. */
export async function lintFiles(out: Out, files: string[]): Promise<number> {
  const report: { file: string; findings: FileIssue[] }[] = []
  for (const file of files) {
    const doc = await readDocument(file)
    report.push({ file, findings: lintPolicy(doc) })
  }
  const serious = report.some((r) => r.findings.some((f) => f.severity === 'error' || f.severity === 'security_warning'))
  if (out.json) out.write(JSON.stringify({ files: report }))
  else {
    for (const r of report) {
      out.write(`${r.file}: ${r.findings.length === 0 ? paint(out, 'green', 'no findings') : `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`}`)
      for (const f of r.findings) {
        const colour = f.severity === 'error' || f.severity === 'security_warning' ? 'red' : 'yellow'
        out.write(`  ${paint(out, colour, f.severity ?? '')} ${f.code ?? ''} ${formatPath(f.path)}  ${f.message}`)
      }
    }
  }
  return serious ? 1 : 0
}
