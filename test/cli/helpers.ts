import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Out } from '../../bin/cli/output.js'
import { runCli } from '../../bin/cli/main.js'

export interface CliRun { code: number; stdout: string; stderr: string }

/** Runs the CLI in-process with captured output (no colour: not a TTY). */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const json = argv.includes('--json')
  const out: Out = {
    json,
    color: false,
    write: (t) => void (stdout += t.endsWith('\n') ? t : `${t}\n`),
    error: (t) => void (stderr += t.endsWith('\n') ? t : `${t}\n`),
  }
  const code = await runCli(argv, out)
  return { code, stdout, stderr }
}

export async function tempDir(): Promise<{ dir: string; file(name: string, content: unknown): Promise<string>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'iam-guard-cli-'))
  return {
    dir,
    async file(name, content) {
      const path = join(dir, name)
      await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
      return path
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}
