import { Input, View } from '@tarojs/components'
import ActionButton from '../../../components/ActionButton'
import { LINE_KINDS } from '../../../services/disclosures'
import { DISCLOSURE_LIMITS as L } from '../../../utils/limits'
import Chip from '../../../components/Chip'
import { MAX_LINES, newLine, type FormErrors, type LineRow } from './form'
import { pressable } from '../../../utils/keyboard'

/**
 * 收支明细 rows: 收入/支出, 科目, 说明, 金额（元）; 添加一行 / 删除. A row's error (from the form or
 * from the API's `lines.<n>.…`) shows under that row.
 */
export default function LinesEditor({ lines, errors, onChange }: { lines: LineRow[]; errors: FormErrors; onChange: (lines: LineRow[]) => void }) {
  const patch = (key: number, p: Partial<LineRow>) => onChange(lines.map((l) => (l.key === key ? { ...l, ...p } : l)))
  return (
    <View id='lines-editor'>
      {lines.length === 0 ? <View className='muted'>没有收支明细（党务、居务事项可不填）。</View> : null}
      {lines.map((l, i) => (
        <View key={l.key} className={`item disclosure-line-row${errors[`lines.${i}`] ? ' field--invalid' : ''}`} id={`line-row-${i}`}>
          <View className='item__head'>
            <View className='item__title'>第 {i + 1} 行</View>
            <View className='link' role='button' id={`line-remove-${i}`} aria-label={`删除第${i + 1}行`} {...pressable(() => onChange(lines.filter((x) => x.key !== l.key)))}>
              删除
            </View>
          </View>
          <View className='chips' role='radiogroup'>
            {LINE_KINDS.map((k) => (
              <Chip key={k.value} id={`line-kind-${i}-${k.value}`} active={l.kind === k.value} onTap={() => patch(l.key, { kind: k.value })}>
                {k.label}
              </Chip>
            ))}
          </View>
          <Input id={`line-category-${i}`} className='input' value={l.category} maxlength={L.lineCategoryMax} placeholder='科目，例如：公共收益' onInput={(e) => patch(l.key, { category: e.detail.value })} />
          <Input id={`line-label-${i}`} className='input' value={l.label} maxlength={L.lineLabelMax} placeholder='说明，例如：停车场10月收益' onInput={(e) => patch(l.key, { label: e.detail.value })} />
          <Input id={`line-amount-${i}`} className='input' type='digit' value={l.amount} placeholder='金额（元），例如：1200.50' onInput={(e) => patch(l.key, { amount: e.detail.value })} />
          {errors[`lines.${i}`] ? <View className='field__error' role='alert' id={`line-error-${i}`}>{errors[`lines.${i}`]}</View> : null}
        </View>
      ))}
      {errors.lines ? <View className='field__error' role='alert'>{errors.lines}</View> : null}
      {lines.length < MAX_LINES ? (
        <ActionButton kind='secondary' block id='line-add' onClick={() => onChange([...lines, newLine(lines[lines.length - 1]?.kind)])}>
          添加一行收支
        </ActionButton>
      ) : null}
    </View>
  )
}
