import { request } from './request'
import type { RegionTreeDto } from './types'

export type CommunityChoice = { id: number; name: string; streetName: string }

/** The region tree 街道 → 社区 → 网格 as far as the caller may see it. */
export function getRegionTree() {
  return request<RegionTreeDto>('/regions')
}

/** Flattens the tree into the communities a resident can pick from. */
export function communitiesOf(tree: RegionTreeDto): CommunityChoice[] {
  return tree.flatMap((street) => street.children.map((c) => ({ id: c.id, name: c.name, streetName: street.name })))
}
