import { IdParamsSchema, TaskAcceptSchema, TaskListQuerySchema, TaskRemoveItemSchema, TaskReturnSchema } from '@qjt/shared'
import { defineRoute } from '../../core/route'

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    summary: '本机构的检定任务（按状态、提交日期、单位名称筛选）',
    tag: 'tasks',
    access: 'task.read',
    query: TaskListQuerySchema,
    handler: ({ actor, query, services }) => services.tasks.list(actor, query),
  }),
  defineRoute({
    method: 'get',
    path: '/tasks/:id',
    summary: '检定任务详情（单位、器具、联系人、历史）',
    tag: 'tasks',
    access: 'task.read',
    params: IdParamsSchema,
    handler: ({ actor, params, services }) => services.tasks.view(actor, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/accept',
    summary: '受理：确定检定日期与方式（送检 / 现场检定）',
    tag: 'tasks',
    access: 'task.review',
    params: IdParamsSchema,
    body: TaskAcceptSchema,
    handler: ({ actor, params, body, services }) => services.tasks.accept(actor, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/return',
    summary: '退回：须填写原因',
    tag: 'tasks',
    access: 'task.review',
    params: IdParamsSchema,
    body: TaskReturnSchema,
    handler: ({ actor, params, body, services }) => services.tasks.return(actor, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/remove',
    summary: '移出器具：单位未送检（或无法检定）的器具移出已受理的任务，须填写原因',
    tag: 'tasks',
    access: 'task.review',
    params: IdParamsSchema,
    body: TaskRemoveItemSchema,
    handler: ({ actor, params, body, services }) => services.tasks.removeItem(actor, params.id, body),
  }),
]
