import { View } from '@tarojs/components'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import type { ReportDetailDto } from '../../../services/reports'
import { listReassignCandidates } from '../../../services/workbench'
import Chip from '../../../components/Chip'

/** 改派给: the report's possible assignees other than the current one. */
export default function ReassignPicker({ report, value, onChange }: { report: ReportDetailDto; value?: number; onChange: (id: number) => void }) {
  const candidates = useResource(() => listReassignCandidates(report.id))
  if (candidates.error) return <ErrorState error={candidates.error} onRetry={() => void candidates.reload()} />
  if (!candidates.data) return <Loading />
  const others = candidates.data.filter((c) => c.id !== report.assignee?.id)
  if (others.length === 0) return <Empty title='没有可改派的网格员' />
  return (
    <View className='chips' role='radiogroup' aria-label='改派给'>
      {others.map((c) => (
        <Chip key={c.id} id={`reassign-to-${c.id}`} active={value === c.id} onTap={() => onChange(c.id)}>
          {c.note ? `${c.name}（${c.note}）` : c.name}
        </Chip>
      ))}
    </View>
  )
}
