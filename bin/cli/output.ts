/** Output helpers for the CLI: colour only on a TTY (and never with NO_COLOR), JSON on request. */
export interface Out {
  json: boolean
  color: boolean
  write(text: string): void
  error(text: string): void
}

export function createOut(json: boolean, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Out {
  const color = !json && Boolean(stdout.isTTY) && !process.env.NO_COLOR
  return {
    json,
    color,
    write: (text) => void stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    error: (text) => void stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  }
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const

export function paint(out: Out, style: keyof typeof CODES, text: string): string {
  return out.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text
}

export function formatPath(path: readonly (string | number)[]): string {
  let text = '$'
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `.${part}`
  return text
}
