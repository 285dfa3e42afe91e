/**
 * The guided tour `npm start` prints: each step as data, rendered as a ready-to-paste `curl`
 * line, and run once against the live server so that the printed answers are the real ones.
 */
import { DEMO } from './seed.js'

export interface DemoStep {
  comment: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  /** Shell variable holding the Bearer token to send. */
  bearer?: string
  body?: Record<string, unknown>
  /** Store a field of the JSON answer in a shell variable. */
  capture?: { variable: string; field: readonly string[] }
  expectStatus: number
}

const TOKEN = ['Credentials', 'SessionToken'] as const

export function demoSteps(): DemoStep[] {
  const { alice, carol } = DEMO.users
  return [
    {
      comment: 'Log in as alice, an editor at acme. The answer carries a session token (a signed JWT).',
      method: 'POST', path: '/sts/login', body: { account: alice.account, userName: alice.userName, password: alice.password },
      capture: { variable: 'ALICE', field: TOKEN }, expectStatus: 200,
    },
    {
      comment: 'Allowed: the editors group carries a policy that allows docs:GetDocument on every acme project.',
      method: 'GET', path: '/projects/website/docs/welcome', bearer: 'ALICE', expectStatus: 200,
    },
    {
      comment: 'Denied: an explicit Deny protects the legal project, whatever else allows.',
      method: 'DELETE', path: '/projects/legal/docs/contract', bearer: 'ALICE', expectStatus: 403,
    },
    {
      comment: 'Log in as carol, who works for the partner tenant.',
      method: 'POST', path: '/sts/login', body: { account: carol.account, userName: carol.userName, password: carol.password },
      capture: { variable: 'CAROL', field: TOKEN }, expectStatus: 200,
    },
    {
      comment: "Assume acme's Contractor role: its trust policy admits the partner account with the agreed ExternalId.",
      method: 'POST', path: '/sts/assume-role', bearer: 'CAROL',
      body: { roleArn: DEMO.contractorRoleArn, roleSessionName: 'carol', externalId: DEMO.externalId },
      capture: { variable: 'CONTRACTOR', field: TOKEN }, expectStatus: 200,
    },
    {
      comment: 'Allowed: the role session acts inside acme and may read the website project.',
      method: 'GET', path: '/projects/website/docs/pricing', bearer: 'CONTRACTOR', expectStatus: 200,
    },
    {
      comment: 'Denied: no policy of the role allows docs:DeleteDocument (an implicit deny).',
      method: 'DELETE', path: '/projects/website/docs/pricing', bearer: 'CONTRACTOR', expectStatus: 403,
    },
  ]
}

/** Single quotes for the shell: nothing inside is expanded. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** One step as a shell line. */
export function renderCurl(step: DemoStep, base: string): string {
  const parts = ['curl', '-s']
  if (step.capture === undefined) parts.push('-w', quote('\\nHTTP %{http_code}\\n'))
  if (step.method !== 'GET') parts.push('-X', step.method)
  parts.push(`${base}${step.path}`)
  // Double quotes so that the shell puts the token in.
  if (step.bearer !== undefined) parts.push('-H', `"authorization: Bearer $${step.bearer}"`)
  if (step.body !== undefined) parts.push('-H', quote('content-type: application/json'), '-d', quote(JSON.stringify(step.body)))
  const curl = parts.join(' ')
  if (step.capture === undefined) return curl
  const read = `JSON.parse(require("fs").readFileSync(0, "utf8")).${step.capture.field.join('.')}`
  return `${step.capture.variable}=$(${curl} | node -pe ${quote(read)})`
}

export interface StepAnswer {
  status: number
  body: unknown
}

/** Runs the steps in order against `base`, the way the shell would. */
export async function runSteps(steps: readonly DemoStep[], base: string): Promise<StepAnswer[]> {
  const variables = new Map<string, string>()
  const answers: StepAnswer[] = []
  for (const step of steps) {
    const headers: Record<string, string> = {}
    if (step.bearer !== undefined) headers['authorization'] = `Bearer ${variables.get(step.bearer) ?? ''}`
    if (step.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${base}${step.path}`, { method: step.method, headers, ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }) })
    const text = await response.text()
    const body: unknown = text === '' ? undefined : JSON.parse(text)
    if (step.capture !== undefined) {
      let value: unknown = body
      for (const key of step.capture.field) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
      if (typeof value === 'string') variables.set(step.capture.variable, value)
    }
    answers.push({ status: response.status, body })
  }
  return answers
}

/** What to print under a step: the status and, for calls, the body (tokens are long; they are left out). */
export function describeAnswer(step: DemoStep, answer: StepAnswer): string {
  if (step.capture !== undefined) return `#   → ${answer.status}; $${step.capture.variable} now holds the session token`
  return `#   → ${answer.status} ${JSON.stringify(answer.body)}`
}
