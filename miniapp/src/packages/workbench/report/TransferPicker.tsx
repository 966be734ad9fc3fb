import { View } from '@tarojs/components'
import { useState } from 'react'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getRegionTree } from '../../../services/regions'
import { listReportCategories, type CategoryDto, type ReportDetailDto } from '../../../services/reports'
import type { RegionTreeDto } from '../../../services/types'
import Chip from '../../../components/Chip'

export type TransferTarget = { kind: 'department' | 'grid'; id: number; name: string }

/**
 * Where a report can be transferred: the departments that handle a category (物业, 城管 …) and
 * the grids the caller can see other than the report's own.
 */
export function transferTargets(categories: CategoryDto[], tree: RegionTreeDto, ownGridId: number): { departments: TransferTarget[]; grids: TransferTarget[] } {
  const departments = new Map<number, TransferTarget>()
  for (const c of categories) if (c.department) departments.set(c.department.id, { kind: 'department', id: c.department.id, name: c.department.name })
  const grids = tree.flatMap((s) => s.children.flatMap((c) => c.children.map((g) => ({ g, community: c.name }))))
    .filter(({ g }) => g.id !== ownGridId)
    .map(({ g, community }) => ({ kind: 'grid' as const, id: g.id, name: `${community} ${g.name}` }))
  return { departments: [...departments.values()], grids }
}

/** 转办给: 职能部门 or 其他网格, then one of them. */
export default function TransferPicker({ report, value, onChange }: { report: ReportDetailDto; value?: TransferTarget; onChange: (t?: TransferTarget) => void }) {
  const data = useResource(() => Promise.all([listReportCategories(), getRegionTree()]))
  const [kind, setKind] = useState<TransferTarget['kind']>(value?.kind ?? 'department')

  if (data.error) return <ErrorState error={data.error} onRetry={() => void data.reload()} />
  if (!data.data) return <Loading />
  const targets = transferTargets(data.data[0], data.data[1], report.grid.id)
  const shown = kind === 'department' ? targets.departments : targets.grids

  return (
    <View>
      <View className='chips filter-row' role='radiogroup' aria-label='转办对象'>
        <Chip id='transfer-kind-department' active={kind === 'department'} onTap={() => (setKind('department'), onChange(undefined))}>
          职能部门
        </Chip>
        <Chip id='transfer-kind-grid' active={kind === 'grid'} onTap={() => (setKind('grid'), onChange(undefined))}>
          其他网格
        </Chip>
      </View>
      {shown.length === 0 ? (
        <View className='muted'>{kind === 'department' ? '暂无可转办的职能部门' : '您的管辖范围内没有其他网格'}</View>
      ) : (
        <View className='chips' role='radiogroup'>
          {shown.map((t) => (
            <Chip key={`${t.kind}-${t.id}`} id={`transfer-${t.kind}-${t.id}`} active={value?.kind === t.kind && value.id === t.id} onTap={() => onChange(t)}>
              {t.name}
            </Chip>
          ))}
        </View>
      )}
    </View>
  )
}
