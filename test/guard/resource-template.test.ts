import { describe, expect, it } from 'vitest'
import { compileResourceTemplate, renderTemplate } from '../../src/guard/resource-template.js'

describe('compileResourceTemplate', () => {
  it('knows which ARN field each placeholder fills', () => {
    const t = compileResourceTemplate('arn:app:{service}:{region}:{account}:project/{project}/doc/{doc}', 'resource')
    expect(t.pieces.filter((p) => 'name' in p)).toEqual([
      { name: 'service', slot: 'header' }, { name: 'region', slot: 'header' }, { name: 'account', slot: 'account' },
      { name: 'project', slot: 'resource' }, { name: 'doc', slot: 'resource' },
    ])
    expect(renderTemplate(t, new Map([['service', 'docs'], ['region', ''], ['account', '1'], ['project', 'p'], ['doc', 'd']]))).toBe('arn:app:docs::1:project/p/doc/d')
  })

  it('accepts * for actions without a resource', () => {
    expect(compileResourceTemplate('*', 'r').names).toEqual([])
  })

  it('refuses templates whose ARN fields would come from values or that are malformed', () => {
    for (const bad of ['arn:app:docs:{rest}', 'docs/{doc}', 'arn:app:docs::1:doc/{doc', 'arn:app:docs::1:doc/{}', 'arn:app:docs::1:doc/}', '', 'arn:app:docs::1:doc/{a-b}']) {
      expect(() => compileResourceTemplate(bad, 'authorize().resource')).toThrow(/authorize\(\)\.resource/)
    }
  })
})
