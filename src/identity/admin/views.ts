/**
 * What the admin API returns for each entity: AWS's response shapes in camelCase, never secret
 * material (password hashes, MFA seeds, access-key secret hashes).
 */
import type { GroupData, ManagedPolicyData, RoleData, Tag, UserData } from '../model.js'

export interface PermissionsBoundaryView {
  permissionsBoundaryType: 'PermissionsBoundaryPolicy'
  permissionsBoundaryArn: string
}

export interface UserView {
  userName: string
  userId: string
  path: string
  arn: string
  createDate: string
  tags: Tag[]
  permissionsBoundary?: PermissionsBoundaryView
}

export interface GroupView {
  groupName: string
  groupId: string
  path: string
  arn: string
  createDate: string
}

export interface RoleView {
  roleName: string
  roleId: string
  path: string
  arn: string
  createDate: string
  description?: string
  maxSessionDuration: number
  assumeRolePolicyDocument: RoleData['assumeRolePolicyDocument']
  tags: Tag[]
  permissionsBoundary?: PermissionsBoundaryView
}

export interface PolicyView {
  policyName: string
  policyId: string
  arn: string
  path: string
  defaultVersionId: string
  attachmentCount: number
  permissionsBoundaryUsageCount: number
  isAttachable: true
  description?: string
  createDate: string
  updateDate: string
}

function boundary(arn: string | undefined): { permissionsBoundary?: PermissionsBoundaryView } {
  return arn === undefined ? {} : { permissionsBoundary: { permissionsBoundaryType: 'PermissionsBoundaryPolicy', permissionsBoundaryArn: arn } }
}

export function userView(u: UserData): UserView {
  return { userName: u.userName, userId: u.userId, path: u.path, arn: u.arn, createDate: u.createDate, tags: u.tags.map((t) => ({ ...t })), ...boundary(u.permissionsBoundary) }
}

export function groupView(g: GroupData): GroupView {
  return { groupName: g.groupName, groupId: g.groupId, path: g.path, arn: g.arn, createDate: g.createDate }
}

export function roleView(r: RoleData): RoleView {
  return {
    roleName: r.roleName, roleId: r.roleId, path: r.path, arn: r.arn, createDate: r.createDate,
    ...(r.description === undefined ? {} : { description: r.description }),
    maxSessionDuration: r.maxSessionDuration,
    assumeRolePolicyDocument: r.assumeRolePolicyDocument,
    tags: r.tags.map((t) => ({ ...t })),
    ...boundary(r.permissionsBoundary),
  }
}

export function policyView(p: ManagedPolicyData, counts: { attached: number; boundary: number }): PolicyView {
  return {
    policyName: p.policyName, policyId: p.policyId, arn: p.arn, path: p.path, defaultVersionId: p.defaultVersionId,
    attachmentCount: counts.attached, permissionsBoundaryUsageCount: counts.boundary, isAttachable: true,
    ...(p.description === undefined ? {} : { description: p.description }),
    createDate: p.createDate, updateDate: p.updateDate,
  }
}
