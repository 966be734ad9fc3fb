import { Input, Text, View } from '@tarojs/components'
import ActionButton from '../../../components/ActionButton'
import { SERVICE_LIMITS } from '../../../utils/limits'
import { MATERIALS_MAX, moveLine, newLine, type MaterialLine, type ServiceErrors } from './form'
import { pressable } from '../../../utils/keyboard'

/**
 * 所需材料: the checklist the resident reads before leaving home — each line a name (户口本原件),
 * an optional note (正反面) and number of copies; lines can be added, removed and moved.
 */
export default function MaterialsEditor({ lines, errors, onChange }: { lines: MaterialLine[]; errors: ServiceErrors; onChange: (lines: MaterialLine[]) => void }) {
  const set = (i: number, p: Partial<MaterialLine>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...p } : l)))
  return (
    <View id='materials'>
      {lines.length === 0 ? <View className='muted'>还没有材料。不需要带材料的服务可以不填。</View> : null}
      {lines.map((line, i) => {
        const err = (f: string) => errors[`materials.${i}.${f}`]
        const problem = err('name') ?? err('note') ?? err('copies')
        return (
          <View key={line.key} className={`material-line${problem ? ' field--invalid' : ''}`} id={`material-${i}`}>
            <View className='material-line__no'>{i + 1}</View>
            <View className='material-line__body'>
              <View id={`material-${i}-name`}>
                <Input className='input' value={line.name} maxlength={SERVICE_LIMITS.materialNameMax} placeholder='材料名称，如：户口本原件' onInput={(e) => set(i, { name: e.detail.value })} />
              </View>
              <View className='material-line__more'>
                <View id={`material-${i}-note`} className='material-line__note'>
                  <Input className='input' value={line.note} maxlength={SERVICE_LIMITS.materialNoteMax} placeholder='说明（可不填），如：正反面' onInput={(e) => set(i, { note: e.detail.value })} />
                </View>
                <View id={`material-${i}-copies`} className='material-line__copies'>
                  <Input className='input' type='number' value={line.copies} maxlength={2} placeholder='份数' onInput={(e) => set(i, { copies: e.detail.value })} />
                  <Text>份</Text>
                </View>
              </View>
              {problem ? <View className='field__error' role='alert'>{problem}</View> : null}
              <View className='material-line__tools'>
                <View className='link' role='button' id={`material-${i}-up`} aria-disabled={i === 0} {...pressable(() => onChange(moveLine(lines, i, -1)))}>
                  上移
                </View>
                <View className='link' role='button' id={`material-${i}-down`} aria-disabled={i === lines.length - 1} {...pressable(() => onChange(moveLine(lines, i, 1)))}>
                  下移
                </View>
                <View className='link link--danger' role='button' id={`material-${i}-remove`} {...pressable(() => onChange(lines.filter((_, j) => j !== i)))}>
                  删除
                </View>
              </View>
            </View>
          </View>
        )
      })}
      {errors.materials ? <View className='field__error' role='alert'>{errors.materials}</View> : null}
      {lines.length < MATERIALS_MAX ? (
        <ActionButton kind='secondary' block id='material-add' onClick={() => onChange([...lines, newLine()])}>
          添加一项材料
        </ActionButton>
      ) : null}
    </View>
  )
}
