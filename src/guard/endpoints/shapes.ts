/**
 * Answers in the shape of AWS STS's JSON responses (PascalCase members), so that code written
 * against AWS reads them unchanged. iam-guard credentials are a session token only: there is no
 * access key id / secret pair, the token is the credential.
 */
import type { Principal } from '../../identity/principal.js'
import type { AssumeRoleOutput, Credentials, IamSts, SessionState } from '../../sts/types.js'

export function credentialsBody(credentials: Credentials): { SessionToken: string; Expiration: string } {
  return { SessionToken: credentials.sessionToken, Expiration: credentials.expiration }
}

/** GetCallerIdentity's answer. */
export function identityBody(sts: IamSts, principal: Principal): { Account: string; Arn: string; UserId: string } {
  const identity = sts.getCallerIdentity(principal)
  return { Account: identity.account, Arn: identity.arn, UserId: identity.userId }
}

/** AssumeRole / AssumeRoleWithWebIdentity's answer. */
export function assumeRoleBody(output: AssumeRoleOutput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Credentials: credentialsBody(output.credentials),
    AssumedRoleUser: { Arn: output.assumedRoleUser.arn, AssumedRoleId: output.assumedRoleUser.assumedRoleId },
    PackedPolicySize: output.packedPolicySize,
  }
  if (output.sourceIdentity !== undefined) body['SourceIdentity'] = output.sourceIdentity
  const { federatedProvider, webIdentityClaims } = output.principal
  if (federatedProvider !== undefined) {
    // AssumeRoleWithWebIdentity's extra members; Provider names the registered provider by ARN.
    body['Provider'] = federatedProvider
    if (typeof webIdentityClaims?.['sub'] === 'string') body['SubjectFromWebIdentityToken'] = webIdentityClaims['sub']
    if (typeof webIdentityClaims?.['aud'] === 'string') body['Audience'] = webIdentityClaims['aud']
  }
  return body
}

export function recentRolesBody(state: SessionState): { RoleArn: string; DisplayName?: string }[] {
  return (state.recentRoles ?? []).map((role) =>
    role.displayName === undefined ? { RoleArn: role.roleArn } : { RoleArn: role.roleArn, DisplayName: role.displayName },
  )
}
