/**
 * The app's own data: documents by tenant, project and name. Kept in memory (it is not what the
 * example is about); `Map`s all the way down, so a project or document called `__proto__` is
 * just a name.
 */
export interface StoredDocument {
  content: string
  updatedBy: string
  updatedAt: string
}

/** Longest document body accepted. */
export const MAX_CONTENT_LENGTH = 10_000

export class DocumentTable {
  readonly #projects = new Map<string, Map<string, StoredDocument>>()

  #key(account: string, project: string): string {
    // NUL cannot occur in a URL path segment, so the key is unambiguous.
    return `${account}\u0000${project}`
  }

  get(account: string, project: string, doc: string): StoredDocument | undefined {
    return this.#projects.get(this.#key(account, project))?.get(doc)
  }

  list(account: string, project: string): string[] {
    return [...(this.#projects.get(this.#key(account, project))?.keys() ?? [])].sort()
  }

  put(account: string, project: string, doc: string, document: StoredDocument): void {
    const key = this.#key(account, project)
    let docs = this.#projects.get(key)
    if (docs === undefined) this.#projects.set(key, (docs = new Map()))
    docs.set(doc, document)
  }

  delete(account: string, project: string, doc: string): boolean {
    return this.#projects.get(this.#key(account, project))?.delete(doc) ?? false
  }
}

/** What the demo tenants start with. */
export function demoDocuments(now = new Date()): DocumentTable {
  const table = new DocumentTable()
  const at = now.toISOString()
  const put = (account: string, project: string, doc: string, content: string): void =>
    table.put(account, project, doc, { content, updatedBy: 'seed', updatedAt: at })
  put('acme', 'website', 'welcome', 'Welcome to Acme!')
  put('acme', 'website', 'pricing', 'Three plans, no surprises.')
  put('acme', 'legal', 'contract', 'The master services agreement. Changes go through legal review.')
  put('acme', 'roadmap', '2025', 'Q1: search. Q2: sharing. Q3: offline mode.')
  put('partner', 'projects', 'acme-website', 'Our notes on the Acme website redesign.')
  put('globex', 'plans', 'integration', 'Integrate with the Acme roadmap.')
  return table
}
