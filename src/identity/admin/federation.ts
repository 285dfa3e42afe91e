/** OpenID Connect providers (per account) and service identities (app-wide) that may assume roles. */
import { createPublicKey } from 'node:crypto'
import { isAccountId, isServicePrincipalName, parseArn } from '../../principal-arn.js'
import { isAllowedJwksUrl } from '../../sts/jwks-fetch.js'
import { isAllowedIssuerUrl, issuerRule, MAX_ISSUER_LENGTH } from '../../sts/oidc-issuer.js'
import { oidcProviderArn } from '../arn.js'
import type { OidcProviderData, ServiceIdentityData, Tag } from '../model.js'
import type { EntityRecord, StoreReader } from '../../store/types.js'
import { alreadyExists, limitExceeded, noSuchEntity, validation, type Ctx } from './context.js'
import * as i from './input.js'
import { needAccount } from './shared.js'

export interface CreateOidcProviderInput {
  account: string
  /**
   * `https://issuer/path`. Plain http only to 127.0.0.1, [::1] or localhost, and only when
   * `createIam` was given `dangerouslyAllowLocalJwks` (the same rule web identity applies to a
   * token's `iss`, so a provider that can be created can be used).
   */
  url: string
  clientIdList: string[]
  jwks?: { keys: Record<string, unknown>[] }
  jwksUri?: string
  tags?: Tag[]
}
export interface OidcProviderView { arn: string; url: string; clientIdList: string[]; jwks?: { keys: Record<string, unknown>[] }; jwksUri?: string; tags: Tag[]; createDate: string }

function checkUrl(value: unknown, key: string, allowLocal: boolean): URL {
  let url: URL | undefined
  try {
    url = typeof value === 'string' && value.length <= MAX_ISSUER_LENGTH ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (url === undefined || !isAllowedIssuerUrl(url, allowLocal)) throw validation(`${key} must be ${issuerRule(allowLocal)}`, key)
  return url
}

/** The key-set URL, refused here exactly when fetching it would be (no private or internal addresses). */
function checkJwksUri(value: unknown, allowLocal: boolean): string {
  const href = checkUrl(value, 'jwksUri', allowLocal).href
  if (!isAllowedJwksUrl(href, { dangerouslyAllowLocal: allowLocal })) {
    throw validation(`jwksUri must be ${issuerRule(allowLocal)}, to a public address`, 'jwksUri')
  }
  return href
}

/** The provider's id, as in its ARN: the URL without its scheme and trailing slash. */
export function providerId(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '')
}

function checkJwks(value: unknown): { keys: Record<string, unknown>[] } | undefined {
  if (value === undefined) return undefined
  const keys = typeof value === 'object' && value !== null && Object.hasOwn(value, 'keys') ? (value as { keys: unknown }).keys : undefined
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 100 || keys.some((k) => typeof k !== 'object' || k === null || Array.isArray(k))) {
    throw validation('jwks must be a JSON Web Key Set: { keys: [ …1 to 100 keys ] }', 'jwks')
  }
  for (const k of keys as Record<string, unknown>[]) {
    if (Object.hasOwn(k, 'd')) throw validation('jwks must hold public keys only (a key has a private "d" member)', 'jwks')
  }
  return { keys: keys as Record<string, unknown>[] }
}

function view(p: OidcProviderData): OidcProviderView {
  return {
    arn: p.arn, url: p.url, clientIdList: [...p.clientIdList], tags: p.tags.map((t) => ({ ...t })), createDate: p.createDate,
    ...(p.jwks === undefined ? {} : { jwks: p.jwks }), ...(p.jwksUri === undefined ? {} : { jwksUri: p.jwksUri }),
  }
}

function providerRef(input: i.Input): { account: string; id: string; arn: string } {
  const arn = i.field(input, 'openIdConnectProviderArn')
  const parsed = typeof arn === 'string' && arn.length <= 2048 ? parseArn(arn) : undefined
  const prefix = 'oidc-provider/'
  if (parsed === undefined || parsed.service !== 'iam' || parsed.region !== '' || !isAccountId(parsed.account) ||
    !parsed.resource.startsWith(prefix) || parsed.resource.length === prefix.length) {
    throw validation('openIdConnectProviderArn must be an OIDC provider ARN', 'openIdConnectProviderArn')
  }
  return { account: parsed.account, id: parsed.resource.slice(prefix.length), arn: arn as string }
}

/** The provider record an ARN names, or AWS's NoSuchEntity (also when the stored ARN differs). */
async function needProvider(reader: StoreReader, ref: { account: string; id: string; arn: string }): Promise<EntityRecord<OidcProviderData>> {
  const record = await reader.get<OidcProviderData>('oidcProvider', ref.account, ref.id)
  if (record === undefined || record.data.arn !== ref.arn) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${ref.arn}`)
  return record
}

export function federationOperations(ctx: Ctx) {
  return {
    async createOpenIdConnectProvider(raw: CreateOidcProviderInput): Promise<{ openIdConnectProviderArn: string }> {
      const input = i.asInput(raw)
      const account = i.account(input)
      const url = checkUrl(i.field(input, 'url'), 'url', ctx.allowLocalIdentityProviders)
      const clientIdList = i.stringList(input, 'clientIdList', 100, 255)
      const jwks = checkJwks(i.field(input, 'jwks'))
      const jwksUriValue = i.field(input, 'jwksUri')
      const jwksUri = jwksUriValue === undefined ? undefined : checkJwksUri(jwksUriValue, ctx.allowLocalIdentityProviders)
      const tags = i.tagList(i.field(input, 'tags'))
      if (tags.length > ctx.quotas.tagsPerEntity) throw limitExceeded(`A provider can have at most ${ctx.quotas.tagsPerEntity} tags`)
      const href = url.href.replace(/\/$/, '')
      const id = providerId(href)
      const arn = oidcProviderArn(ctx.partition, account, id)
      return ctx.write(async (tx) => {
        await needAccount(tx, account)
        if (await tx.get('oidcProvider', account, id)) throw alreadyExists(`Provider with url ${href} already exists.`)
        const data: OidcProviderData = {
          arn, url: href, clientIdList, tags, createDate: ctx.now(),
          ...(jwks === undefined ? {} : { jwks }), ...(jwksUri === undefined ? {} : { jwksUri }),
        }
        await tx.put('oidcProvider', account, id, data, undefined)
        return { openIdConnectProviderArn: arn }
      })
    },

    async getOpenIdConnectProvider(raw: { openIdConnectProviderArn: string }): Promise<OidcProviderView> {
      const ref = providerRef(i.asInput(raw))
      const record = await needProvider(ctx.store, ref)
      return view(record.data)
    },

    async deleteOpenIdConnectProvider(raw: { openIdConnectProviderArn: string }): Promise<void> {
      const ref = providerRef(i.asInput(raw))
      await ctx.write(async (tx) => {
        const record = await needProvider(tx, ref)
        await tx.delete(record)
      })
    },

    async listOpenIdConnectProviders(raw: { account: string }): Promise<{ openIdConnectProviderList: { arn: string }[] }> {
      const account = i.account(i.asInput(raw))
      const records = await ctx.store.list<OidcProviderData>('oidcProvider', account)
      return { openIdConnectProviderList: records.map((r) => ({ arn: r.data.arn })) }
    },

    async addClientIdToOpenIdConnectProvider(raw: { openIdConnectProviderArn: string; clientId: string }): Promise<void> {
      const input = i.asInput(raw)
      const ref = providerRef(input)
      const clientId = i.string(input, 'clientId', 255)
      await ctx.write(async (tx) => {
        const record = await needProvider(tx, ref)
        if (record.data.clientIdList.includes(clientId)) return
        if (record.data.clientIdList.length >= 100) throw limitExceeded('A provider can have at most 100 client ids')
        await tx.put('oidcProvider', ref.account, ref.id, { ...record.data, clientIdList: [...record.data.clientIdList, clientId] }, record)
      })
    },

    async removeClientIdFromOpenIdConnectProvider(raw: { openIdConnectProviderArn: string; clientId: string }): Promise<void> {
      const input = i.asInput(raw)
      const ref = providerRef(input)
      const clientId = i.string(input, 'clientId', 255)
      await ctx.write(async (tx) => {
        const record = await needProvider(tx, ref)
        await tx.put('oidcProvider', ref.account, ref.id, { ...record.data, clientIdList: record.data.clientIdList.filter((c) => c !== clientId) }, record)
      })
    },

    /** A service (`Principal: { Service: 'worker.app' }`) and the public key it signs its assertions with. */
    async putServiceIdentity(raw: { service: string; publicKey: string }): Promise<void> {
      const input = i.asInput(raw)
      const service = i.field(input, 'service')
      if (typeof service !== 'string' || !isServicePrincipalName(service)) throw validation('service must be a DNS-like name such as worker.app', 'service')
      const publicKey = i.string(input, 'publicKey', 16384)
      try {
        // createPublicKey also accepts a PRIVATE key (deriving its public half): never store one.
        if (!/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(publicKey.trim())) throw new Error('not a public key PEM')
        const key = createPublicKey(publicKey)
        if (key.type !== 'public') throw new Error('not public')
      } catch {
        throw validation('publicKey must be a PEM public key', 'publicKey')
      }
      await ctx.write(async (tx) => {
        const current = await tx.get<ServiceIdentityData>('serviceIdentity', '', service)
        await tx.put<ServiceIdentityData>('serviceIdentity', '', service, { service, publicKey, createDate: current?.data.createDate ?? ctx.now() }, current)
      })
    },

    async getServiceIdentity(raw: { service: string }): Promise<{ service: string; publicKey: string; createDate: string }> {
      const service = i.string(i.asInput(raw), 'service', 253)
      const record = await ctx.store.get<ServiceIdentityData>('serviceIdentity', '', service)
      if (record === undefined) throw noSuchEntity(`The service identity ${service} cannot be found.`)
      return { ...record.data }
    },

    async deleteServiceIdentity(raw: { service: string }): Promise<void> {
      const service = i.string(i.asInput(raw), 'service', 253)
      await ctx.write(async (tx) => {
        const record = await tx.need('serviceIdentity', '', service, `service identity ${service}`)
        await tx.delete(record)
      })
    },

    async listServiceIdentities(): Promise<{ services: { service: string; createDate: string }[] }> {
      const records = await ctx.store.list<ServiceIdentityData>('serviceIdentity', '')
      return { services: records.map((r) => ({ service: r.data.service, createDate: r.data.createDate })) }
    },
  }
}
