import { z } from 'zod'
import { ApiRoutes } from '../../http/route.ts'
import { regionTree } from './region.service.ts'

const GridNode = z.object({ id: z.number().int(), type: z.literal('grid'), name: z.string(), code: z.string() })
const CommunityNode = z.object({ id: z.number().int(), type: z.literal('community'), name: z.string(), code: z.string(), children: z.array(GridNode) })
const StreetNode = z.object({ id: z.number().int(), type: z.literal('street'), name: z.string(), code: z.string(), children: z.array(CommunityNode) })

/** The region tree: 街道 → 社区 → 网格. */
export function regionRoutes() {
  const r = new ApiRoutes('/api/v1')
  r.get('/regions', { summary: '区域树（街道→社区→网格），按调用者可见范围', tags: ['区域 regions'], response: z.array(StreetNode) },
    async (ctx, { actor }) => ({ data: await regionTree(ctx.deps, actor) }))
  return r
}
