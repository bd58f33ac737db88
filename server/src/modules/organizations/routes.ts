import { z } from 'zod'
import {
  IdParamsSchema,
  InvitationCreateSchema,
  JoinSchema,
  MemberParamsSchema,
  OrgRegisterSchema,
  PageQuerySchema,
} from '@qjt/shared'
import { defineRoute } from '../../core/route'

const InvitationCodeParams = z.strictObject({ code: JoinSchema.shape.code })

export const organizationRoutes = [
  defineRoute({
    method: 'post',
    path: '/orgs',
    summary: '注册使用单位（调用者成为单位管理员）',
    tag: 'organizations',
    access: 'org.enter',
    body: OrgRegisterSchema,
    status: 201,
    handler: ({ actor, body, services }) => services.organizations.register(actor, body),
  }),
  defineRoute({
    method: 'get',
    path: '/orgs/current',
    summary: '本单位信息',
    tag: 'organizations',
    access: 'org.read',
    handler: ({ actor, services }) => services.organizations.current(actor),
  }),
  defineRoute({
    method: 'get',
    path: '/orgs/members',
    summary: '本单位成员',
    tag: 'organizations',
    access: 'org.read',
    query: PageQuerySchema,
    handler: ({ actor, query, services }) => services.organizations.members(actor, query),
  }),
  defineRoute({
    method: 'delete',
    path: '/orgs/members/:userId',
    summary: '移除成员',
    tag: 'organizations',
    access: 'org.members.manage',
    params: MemberParamsSchema,
    status: 204,
    handler: async ({ actor, params, services }) => {
      await services.organizations.removeMember(actor, params.userId)
    },
  }),
  defineRoute({
    method: 'post',
    path: '/orgs/invitations',
    summary: '邀请同事（生成有有效期的邀请码和二维码）',
    tag: 'organizations',
    access: 'org.members.manage',
    body: InvitationCreateSchema,
    status: 201,
    handler: ({ actor, body, services }) => services.organizations.createInvitation(actor, body),
  }),
  defineRoute({
    method: 'get',
    path: '/orgs/invitations',
    summary: '本单位的邀请',
    tag: 'organizations',
    access: 'org.members.manage',
    query: PageQuerySchema,
    handler: ({ actor, query, services }) => services.organizations.invitations(actor, query),
  }),
  defineRoute({
    method: 'delete',
    path: '/orgs/invitations/:id',
    summary: '作废邀请',
    tag: 'organizations',
    access: 'org.members.manage',
    params: IdParamsSchema,
    handler: ({ actor, params, services }) => services.organizations.revokeInvitation(actor, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/invitations/:code',
    summary: '查看邀请码对应的单位（加入前确认）',
    tag: 'organizations',
    access: 'org.enter',
    params: InvitationCodeParams,
    handler: ({ params, services }) => services.organizations.previewInvitation(params.code),
  }),
  defineRoute({
    method: 'post',
    path: '/orgs/join',
    summary: '凭邀请码加入单位（成为单位操作员）',
    tag: 'organizations',
    access: 'org.enter',
    body: JoinSchema,
    handler: ({ actor, body, services }) => services.organizations.join(actor, body.code),
  }),
]
