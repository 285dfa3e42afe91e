/**
 * Resource confusion through the URL and the request: encodings, dot segments, control
 * characters, wildcards and policy variables inside parameters, `{account}` overrides, the
 * source IP and forged context. alice@A may act on `project/p1/*` only.
 */
import express, { type Request, type Response } from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorize, iamErrorHandler, iamGuard } from '../../adapters/express/index.js'
import { A, B, DOC_TEMPLATE, expectCleanError, Hits, httpWorld, policy, quiet, withServer, type HttpWorld } from './http-helpers.js'

let world: HttpWorld
let hits: Hits
let app: express.Express
beforeAll(async () => {
  world = await httpWorld()
  // A policy that only IP 203.0.113.0/24 may use, and one keyed on the literal ARN of doc 42.
  await world.iam.admin.putUserPolicy({
    account: A, userName: 'bob', policyName: 'office',
    policyDocument: policy(
      { Effect: 'Allow', Action: 'docs:GetDocument', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
      { Effect: 'Allow', Action: 'docs:ReadExact', Resource: `arn:app:docs::${A}:project/p1/doc/42` },
      { Effect: 'Allow', Action: 'docs:ReadOwn', Resource: `arn:app:docs::${A}:project/\${aws:username}/doc/*` },
    ),
  } as never)
  hits = new Hits()
  app = express()
  app.use(express.json())
  app.use(iamGuard(world.iam, { logger: quiet }))
  const echo = (name: string) => (req: Request, res: Response): void => {
    hits.hit(name)
    res.json({ resource: req.iam?.decision?.resource, params: req.params })
  }
  app.get('/projects/:project/docs/:doc', authorize('docs:GetDocument', DOC_TEMPLATE), echo('get'))
  app.post('/projects/:project/docs/:doc', authorize('docs:PutDocument', DOC_TEMPLATE), echo('put'))
  app.get('/exact/:project/:doc', authorize('docs:ReadExact', DOC_TEMPLATE), echo('exact'))
  app.get('/own/:project/:doc', authorize('docs:ReadOwn', DOC_TEMPLATE), echo('own'))
  app.use(iamErrorHandler())
})
afterAll(async () => {
  await world.close()
})

const alice = (): [string, string] => ['Authorization', `Bearer ${world.tokens.alice}`]
const bob = (): [string, string] => ['Authorization', `Bearer ${world.tokens.bob}`]

describe('resource ARNs cannot be bent by the URL', () => {
  it('refuses encoded slashes, dot segments and control characters with 400, never running the handler', async () => {
    const before = hits.total()
    await withServer(app, async (agent) => {
      for (const path of [
        '/projects/p1%2F..%2Fp2/docs/1', '/projects/p1/docs/..%2F..%2Fp2%2Fdoc%2F1', '/projects/%2e%2e/docs/1',
        '/projects/p1/docs/%2E', '/projects/p1/docs/a%00b', '/projects/p1/docs/a%0d%0ab', '/projects/p1/docs/%7F',
      ]) {
        const res = await agent.get(path).set(...alice())
        expect(res.status, path).toBe(400)
        expectCleanError(res)
      }
    })
    expect(hits.total()).toBe(before)
  })

  it('treats a double-encoded slash, ";" parameters, ":" and mixed case as literal text of the resource segment', async () => {
    const before = hits.total()
    await withServer(app, async (agent) => {
      for (const path of ['/projects/p1%252F..%252Fp2/docs/1', '/projects/p1;x=y/docs/1', '/projects/p1:x/docs/1', '/projects/P1/docs/1', '/projects/p1%C0%AF/docs/1']) {
        const res = await agent.get(path).set(...alice())
        expect([400, 403], path).toContain(res.status)
      }
    })
    expect(hits.total()).toBe(before)
  })

  it('serves the same rule for trailing slashes, duplicated slashes, upper-case route text and query strings', async () => {
    await withServer(app, async (agent) => {
      for (const path of ['/projects/p1/docs/1/', '/PROJECTS/p1/DOCS/1', '/projects/p1/docs/1?project=p2&account=444455556666']) {
        const res = await agent.get(path).set(...alice())
        expect(res.status, path).toBe(200)
        expect(res.body.resource).toBe(`arn:app:docs::${A}:project/p1/doc/1`)
      }
      expect((await agent.get('/projects/p2/docs/1?project=p1').set(...alice())).status).toBe(403)
    })
  })

  it('keeps * ? and ${aws:username} in parameters literal', async () => {
    const before = hits.total()
    await withServer(app, async (agent) => {
      // Only project/p1/doc/42 is allowed for ReadExact: a parameter "*" or "4?" must not match it.
      for (const doc of ['*', '4%3F', '%2A2']) expect((await agent.get(`/exact/p1/${doc}`).set(...bob())).status, doc).toBe(403)
      // ReadOwn allows project/${aws:username}/doc/*, i.e. project/bob/…: the literal text does not.
      expect((await agent.get('/own/%24%7Baws%3Ausername%7D/1').set(...bob())).status).toBe(403)
      expect((await agent.get('/own/alice/1').set(...bob())).status).toBe(403)
    })
    expect(hits.total()).toBe(before)
    await withServer(app, async (agent) => {
      expect((await agent.get('/exact/p1/42').set(...bob())).status).toBe(200)
      expect((await agent.get('/own/bob/1').set(...bob())).status).toBe(200)
    })
  })

  it('fills {account} from the principal, never from a query string or a body field', async () => {
    await withServer(app, async (agent) => {
      const res = await agent.post(`/projects/p9/docs/1?account=${B}`).set(...alice()).send({ account: B })
      expect(res.status).toBe(403)
      expect(res.body.message).toContain(`arn:app:docs::${A}:project/p9/doc/1`)
      const own = await agent.get(`/projects/p1/docs/1?account=${B}`).set(...alice())
      expect(own.body.resource).toBe(`arn:app:docs::${A}:project/p1/doc/1`)
    })
  })

  it('answers 400, not 500, to a very long parameter', async () => {
    const before = hits.total()
    await withServer(app, async (agent) => {
      const res = await agent.get(`/projects/p1/docs/${'x'.repeat(4000)}`).set(...alice())
      expect(res.status).toBe(400)
      expectCleanError(res)
    })
    expect(hits.total()).toBe(before)
  })
})

describe('request context cannot be forged from HTTP', () => {
  it('ignores X-Forwarded-For when trust proxy is off', async () => {
    const before = hits.total()
    await withServer(app, async (agent) => {
      const res = await agent.get('/projects/x/docs/1').set(...bob()).set('X-Forwarded-For', '203.0.113.7').set('Forwarded', 'for=203.0.113.7')
      expect(res.status).toBe(403)
    })
    expect(hits.total()).toBe(before)
  })

  it('takes no principal keys from headers or body tags', async () => {
    const tagged = express()
    tagged.use(express.json())
    tagged.use(iamGuard(world.iam, { logger: quiet }))
    const seen = new Hits()
    tagged.post('/tag/:project/:doc', authorize('docs:TagResource', DOC_TEMPLATE, { requestTags: true }), (_req, res) => {
      seen.hit('tag')
      res.json({})
    })
    tagged.use(iamErrorHandler())
    await world.iam.admin.putUserPolicy({
      account: A, userName: 'bob', policyName: 'tags',
      policyDocument: policy({ Effect: 'Allow', Action: 'docs:TagResource', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/role': 'admin' } } }),
    } as never)
    await withServer(tagged, async (agent) => {
      const res = await agent.post('/tag/p1/1').set(...bob())
        .set('aws-principaltag-role', 'admin').set('X-Amz-Principal-Tag', 'role=admin')
        .send({ Tags: [{ Key: 'aws:PrincipalTag/role', Value: 'admin' }], tags: { 'aws:PrincipalTag/role': 'admin' } })
      expect(res.status).toBe(403)
    })
    expect(seen.total()).toBe(0)
  })
})
