import { parseArgs } from 'node:util'
import { isIamError } from '../../src/errors.js'
import type { PolicyKind } from '../../src/policy/types.js'
import { CliInputError } from './files.js'
import { keysGenerate } from './keys.js'
import { createOut, type Out } from './output.js'
import { simulateCommand } from './simulate.js'
import { exportCommand, importCommand } from './transfer.js'
import { lintFiles, validateFiles } from './validate.js'

/** Exit codes: 0 success / allowed, 1 invalid / denied / findings, 2 bad usage or input, 3 runtime failure. */
export const EXIT = { ok: 0, negative: 1, usage: 2, failure: 3 } as const

export const HELP = `iam-guard — AWS IAM policies for Node.js web backends

Usage: iam-guard <command> [options]

Commands:
  validate <file…> [--kind K]      Validate policies or whole store files (JSON or YAML);
                                   every issue with its JSON path. Kinds: managed, inlineUser,
                                   inlineGroup, inlineRole, trust, resource, boundary, session,
                                   guardrail (default: managed).
  lint <file…>                     Access-Analyzer-style findings for policies.
  simulate --store <file|postgres-url> --principal <arn> --action <a> [--action <a>…]
           [--resource <arn>…] [--context key=value…] [--partition P]
           [--mfa] [--external-id ID] [--source-identity NAME]
                                   Explain the decision for each action × resource.
                                   sts:AssumeRole on a role ARN is decided with the
                                   role's trust policy; --mfa, --external-id and
                                   --source-identity are what the call would carry.
  export --store <file|postgres-url> [--out <file.json|file.yaml>]
                                   Write the whole store as one document.
  import <file> --store <file|postgres-url>
                                   Replace the store's content with a validated document.
  keys generate [--alg ES256|ES384|RS256|PS256] [--out-dir <dir>]
                                   Generate a token signing key pair (PEM) with its kid.

Options:
  --schema S   PostgreSQL schema of the store (default: iam_guard)
  --json       Machine-readable output on every command
  -h, --help   This help

Exit codes: 0 success (valid, allowed), 1 invalid/denied/findings, 2 bad usage or input,
3 runtime failure (e.g. the database is unreachable).
`

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  kind: { type: 'string' },
  store: { type: 'string' },
  principal: { type: 'string' },
  action: { type: 'string', multiple: true },
  resource: { type: 'string', multiple: true },
  context: { type: 'string', multiple: true },
  partition: { type: 'string' },
  schema: { type: 'string' },
  out: { type: 'string' },
  alg: { type: 'string' },
  'out-dir': { type: 'string' },
  mfa: { type: 'boolean' },
  'external-id': { type: 'string' },
  'source-identity': { type: 'string' },
} as const

const KINDS: readonly PolicyKind[] = ['managed', 'identity', 'inlineUser', 'inlineGroup', 'inlineRole', 'trust', 'resource', 'boundary', 'session', 'guardrail']

function need(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new CliInputError(`missing --${name}`)
  return value
}

async function dispatch(out: Out, command: string | undefined, rest: string[], values: Record<string, unknown>): Promise<number> {
  switch (command) {
    case 'validate': {
      if (rest.length === 0) throw new CliInputError('validate needs at least one file')
      const kind = (values.kind as string | undefined) ?? 'managed'
      if (!KINDS.includes(kind as PolicyKind)) throw new CliInputError(`--kind must be one of ${KINDS.join(', ')}`)
      return validateFiles(out, rest, kind as PolicyKind)
    }
    case 'lint':
      if (rest.length === 0) throw new CliInputError('lint needs at least one file')
      return lintFiles(out, rest)
    case 'simulate':
      return simulateCommand(out, {
        store: need(values.store as string | undefined, 'store'),
        principal: need(values.principal as string | undefined, 'principal'),
        actions: (values.action as string[] | undefined) ?? [],
        resources: (values.resource as string[] | undefined) ?? [],
        context: (values.context as string[] | undefined) ?? [],
        partition: (values.partition as string | undefined) ?? 'app',
        schema: values.schema as string | undefined,
        ...(values.mfa === undefined ? {} : { mfa: values.mfa as boolean }),
        ...(values['external-id'] === undefined ? {} : { externalId: values['external-id'] as string }),
        ...(values['source-identity'] === undefined ? {} : { sourceIdentity: values['source-identity'] as string }),
      })
    case 'export':
      return exportCommand(out, { store: need(values.store as string | undefined, 'store'), outFile: values.out as string | undefined, schema: values.schema as string | undefined })
    case 'import':
      if (rest.length !== 1) throw new CliInputError('import needs exactly one file')
      return importCommand(out, { file: rest[0] as string, store: need(values.store as string | undefined, 'store'), schema: values.schema as string | undefined })
    case 'keys':
      if (rest[0] !== 'generate') throw new CliInputError('usage: iam-guard keys generate [--alg ES256] [--out-dir DIR]')
      return keysGenerate(out, { alg: (values.alg as string | undefined) ?? 'ES256', outDir: values['out-dir'] as string | undefined })
    default:
      throw new CliInputError(command === undefined ? 'no command given' : `unknown command "${command}"`)
  }
}

/** Runs the CLI in-process (tests call this); returns the exit code. */
export async function runCli(argv: readonly string[], out?: Out): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    const o = out ?? createOut(false)
    o.error(`iam-guard: ${(error as Error).message}\nRun "iam-guard --help" for usage.`)
    return EXIT.usage
  }
  const o = out ?? createOut(parsed.values.json === true)
  const [command, ...rest] = parsed.positionals
  if (parsed.values.help === true || command === 'help') {
    o.write(HELP)
    return EXIT.ok
  }
  try {
    return await dispatch(o, command, rest, parsed.values)
  } catch (error) {
    const usage = error instanceof CliInputError || (isIamError(error) && (error.status === 400 || error.code === 'ERR_STORE_INVALID'))
    const message = error instanceof Error ? error.message : String(error)
    if (o.json) o.write(JSON.stringify({ error: isIamError(error) ? error.code : usage ? 'ERR_USAGE' : 'ERR_FAILURE', message }))
    else o.error(`iam-guard: ${message}${usage ? '\nRun "iam-guard --help" for usage.' : ''}`)
    return usage ? EXIT.usage : EXIT.failure
  }
}
