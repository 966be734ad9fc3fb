import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { asApiError, type Resource } from '../../../hooks/useResource'
import { setCareFlags, type CareFlag, type DueVisitDto, type VisitOptionsDto } from '../../../services/workbench'
import Chip from '../../../components/Chip'

/**
 * 五必访 households of my grids not visited this month (longest unvisited first, as the API
 * orders them), each with its flags, its last visit and 记录走访; 调整标记 edits the flags.
 */
export default function DueList({ due, flags, canVisit, onVisit }: {
  due: Resource<DueVisitDto[]>
  /** The 五必访 flags with their labels (GET /visits/options); no 调整标记 until they are known. */
  flags?: VisitOptionsDto['careFlags']
  canVisit: boolean
  onVisit: (h: DueVisitDto['household']) => void
}) {
  if (due.error && !due.data) return <ErrorState error={due.error} onRetry={() => void due.reload()} />
  if (!due.data) return <Loading />
  if (due.data.length === 0) return <Empty title='本月五必访已全部走访' hint='新市民、独居老人、残疾人、留守儿童、流动人口家庭都已走访。' />
  return (
    <View id='due-list'>
      {due.data.map((d) => (
        <DueItem key={d.household.id} item={d} flags={flags} canVisit={canVisit} onVisit={() => onVisit(d.household)} onFlagsSaved={() => void due.reload()} />
      ))}
    </View>
  )
}

function DueItem({ item, flags, canVisit, onVisit, onFlagsSaved }: {
  item: DueVisitDto; flags?: VisitOptionsDto['careFlags']; canVisit: boolean; onVisit: () => void; onFlagsSaved: () => void
}) {
  const [editing, setEditing] = useState<CareFlag[]>()
  const [saving, setSaving] = useState(false)
  const id = item.household.id

  const save = async () => {
    if (!editing || saving) return
    if (editing.length === 0) {
      const { confirm } = await Taro.showModal({ title: '取消全部标记', content: '取消后该户不再列入五必访，确定吗？', confirmText: '确定', cancelText: '返回' })
      if (!confirm) return
    }
    setSaving(true)
    try {
      await setCareFlags(id, { flags: editing })
      setEditing(undefined)
      Taro.showToast({ title: '标记已保存', icon: 'success' })
      onFlagsSaved()
    } catch (e) {
      Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    } finally {
      setSaving(false)
    }
  }
  const toggle = (f: CareFlag) => setEditing((xs) => (xs?.includes(f) ? xs.filter((x) => x !== f) : [...(xs ?? []), f]))

  return (
    <View className='item due-item' id={`due-${id}`}>
      <View className='item__title'>{item.household.address}</View>
      <View>
        {item.flags.map((f) => (
          <View key={f.flag} className='tag tag--pending'>{f.label}</View>
        ))}
      </View>
      <View className='item__meta'>{item.lastVisitedOn ? `上次走访 ${item.lastVisitedOn}` : '尚无走访记录'} · {item.household.grid.name}</View>
      {editing ? (
        <View className='action-form'>
          <View className='chips' role='group' aria-label='五必访标记'>
            {(flags ?? []).map((f) => (
              <Chip key={f.value} id={`due-${id}-flag-${f.value}`} active={editing.includes(f.value)} onTap={() => toggle(f.value)}>
                {f.label}
              </Chip>
            ))}
          </View>
          <View className='actions'>
            <ActionButton kind='secondary' grow onClick={() => setEditing(undefined)}>
              取消
            </ActionButton>
            <ActionButton grow id={`due-${id}-flags-save`} disabled={saving} onClick={() => void save()}>
              {saving ? '保存中…' : '保存标记'}
            </ActionButton>
          </View>
        </View>
      ) : (
        <View className='actions'>
          {canVisit ? (
            <ActionButton grow id={`due-${id}-visit`} onClick={onVisit}>
              记录走访
            </ActionButton>
          ) : null}
          {flags ? (
            <ActionButton kind='secondary' grow id={`due-${id}-flags`} onClick={() => setEditing(item.flags.map((f) => f.flag))}>
              调整标记
            </ActionButton>
          ) : null}
        </View>
      )}
    </View>
  )
}
