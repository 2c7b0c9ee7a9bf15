import { api } from '../../platform/http/route.ts'
import { Me } from './schema.ts'
import { describeActor } from './service.ts'

export const identityApi = [
  api({
    method: 'GET',
    path: '/me',
    access: 'signed-in',
    summary: 'Who the caller is: staff (role, organisation) or a verified citizen; 401 without credentials',
    tags: ['identity'],
    response: Me,
    handle: async (c) => c.json(await describeActor(c.var.db, c.var.actor)),
  }),
]
