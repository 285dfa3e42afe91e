/**
 * An S3-like storage API on Express 5: buckets owned by tenants, objects under multi-segment
 * keys, and the S3 actions `s3:ListBucket`, `s3:GetObject` and `s3:PutObject` on S3-style ARNs
 * (`arn:app:s3:::bucket` and `arn:app:s3:::bucket/key`), which carry no account: the guard asks
 * the bucket table who owns the bucket.
 *
 * In your own app the imports read:
 *   import { createIam, memoryStore, type Iam, type PolicyStore } from 'iam-guard'
 *   import { authorize, iamErrorHandler, iamGuard, stsRouter } from 'iam-guard/express'
 */
import express, { Router, type Express, type Request } from 'express'
import { authorize, iamErrorHandler, iamGuard, stsRouter, type ExpressGuardOptions } from '../../adapters/express/index.js'
import { createIam, IamError, memoryStore, type Iam, type PolicyStore, type RouteParams } from '../../src/index.js'
import { demoTokenOptions } from '../shared/runtime.js'
import { demoBuckets, type BucketTable } from './buckets.js'

export interface StorageAppOptions {
  /** Where users and policies live. Default: a fresh memory store. Ignored when `iam` is given. */
  store?: PolicyStore
  /** An `Iam` made elsewhere (the caller then closes it). Default: one made over `store`. */
  iam?: Iam
  /** The buckets. Default: the demo buckets. */
  buckets?: BucketTable
  /**
   * Express's `trust proxy`: whose `X-Forwarded-For`/`-Proto` to believe for `aws:SourceIp` and
   * `aws:SecureTransport`. Default: `'loopback'` (a TLS-terminating proxy on the same host).
   */
  trustProxy?: boolean | string | number
  /** Extra guard options, e.g. `onDecision` for an audit log. */
  guard?: Pick<ExpressGuardOptions, 'onDecision' | 'clock'>
}

export interface StorageApp {
  app: Express
  iam: Iam
  buckets: BucketTable
  /** Closes what `createApp` opened (the `Iam` and its store, unless they were given). */
  close(): Promise<void>
}

/** Express 5 gives a `*key` parameter as its path segments. */
function objectKey(req: Request): string {
  const key = (req.params as Record<string, string | string[]>)['key']!
  return Array.isArray(key) ? key.join('/') : key
}

function bucketOf(req: Request): string {
  return (req.params as Record<string, string>)['bucket']!
}

/** The guard decides before routing: resolvers get the route's parameters as their second argument. */
function bucketParam(params: RouteParams): string {
  return params['bucket'] as string
}

/** `?prefix=` once, as a string; S3 leaves `s3:prefix` out of the request when none is given. */
function prefixOf(req: Request): string | undefined {
  const prefix = req.query['prefix']
  if (prefix === undefined) return undefined
  if (typeof prefix !== 'string') throw new IamError('ERR_INVALID_PARAMETER', 'prefix must be given once, as a string')
  return prefix
}

export async function createApp(options: StorageAppOptions = {}): Promise<StorageApp> {
  const ownIam = options.iam === undefined
  const iam = options.iam ?? (await createIam({ store: options.store ?? memoryStore(), tokens: demoTokenOptions('https://storage.example.test') }))
  const buckets = options.buckets ?? demoBuckets()
  // S3 ARNs have an empty account field: the bucket's owner is the resource account.
  const owner = (_req: Request, params: RouteParams): string => buckets.owner(bucketParam(params))

  const s3 = Router()

  s3.get('/buckets/:bucket', authorize('s3:ListBucket', 'arn:app:s3:::{bucket}', {
    resourceAccount: owner,
    context: (req): Record<string, string> => {
      const prefix = prefixOf(req)
      return prefix === undefined ? {} : { 's3:prefix': prefix }
    },
  }), (req, res) => {
    const bucket = bucketOf(req)
    const prefix = prefixOf(req) ?? ''
    res.json({ bucket, prefix, keys: buckets.list(bucket, prefix) })
  })

  // `{key}` spans several path segments (`alice/2025/notes.txt`): declared multi-segment, it may keep its `/`.
  const objectArn = 'arn:app:s3:::{bucket}/{key}'
  s3.get('/buckets/:bucket/objects/*key', authorize('s3:GetObject', objectArn, { resourceAccount: owner, multiSegment: ['key'] }), (req, res) => {
    const found = buckets.get(bucketOf(req), objectKey(req))
    if (found === undefined) throw new IamError('ERR_NOT_FOUND', 'The specified key does not exist.', { awsCode: 'NoSuchKey' })
    res.type(found.contentType).set('last-modified', new Date(found.lastModified).toUTCString()).send(found.body)
  })

  // The body is read only after the Allow: a denied upload is never parsed.
  s3.put('/buckets/:bucket/objects/*key', authorize('s3:PutObject', objectArn, { resourceAccount: owner, multiSegment: ['key'] }),
    express.text({ type: () => true, limit: '256kb' }), (req, res) => {
      const body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? '')
      const object = { body, contentType: req.get('content-type') ?? 'application/octet-stream', lastModified: new Date().toISOString(), writer: req.iam!.principal!.arn }
      buckets.put(bucketOf(req), objectKey(req), object)
      res.json({ bucket: bucketOf(req), key: objectKey(req), size: body.length })
    })

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy ?? 'loopback')
  app.use(express.json({ limit: '16kb' }))
  app.use(iamGuard(iam, { publicRoutes: ['GET /health'], ...options.guard }))
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' })
  })
  app.use('/sts', stsRouter(iam))
  app.use(s3)
  app.use(iamErrorHandler())

  return {
    app,
    iam,
    buckets,
    close: async () => {
      if (ownIam) await iam.close()
    },
  }
}
