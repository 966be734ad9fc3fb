import { Picker, View } from '@tarojs/components'
import Field from '../../../components/Field'
import type { ElectionDetailDto, ElectionScheduledPhase } from '../../../services/elections'
import { emptyWindow, type ElectionErrors, type ElectionForm, type WindowLine } from './form'

/**
 * 各阶段时间 (optional): per phase, its start and end date and time. The phases and their labels
 * come from the draft as read; a phase left empty has no schedule and is opened by hand.
 */
export default function ScheduleEditor(props: {
  phases: ElectionDetailDto['phases']
  schedule: ElectionForm['schedule']
  errors: ElectionErrors
  onChange: (s: ElectionForm['schedule']) => void
}) {
  const set = (phase: ElectionScheduledPhase, p: Partial<WindowLine>) =>
    props.onChange({ ...props.schedule, [phase]: { ...(props.schedule[phase] ?? emptyWindow()), ...p } })
  const pick = (phase: ElectionScheduledPhase, key: keyof WindowLine, mode: 'date' | 'time', placeholder: string) => {
    const value = props.schedule[phase]?.[key] ?? ''
    return (
      <View className='election-when__part' id={`el-schedule-${phase}-${key}`}>
        <Picker mode={mode} value={value} onChange={(e) => set(phase, { [key]: String(e.detail.value) })}>
          <View className='input picker-value'>{value || placeholder}</View>
        </Picker>
      </View>
    )
  }
  return (
    <View className='card' id='el-schedule'>
      <View className='card__title'>各阶段时间（可不填）</View>
      <View className='muted'>不填的阶段由工作人员按进度手动开启。</View>
      {props.phases.map((p) => (
        <Field key={p.phase} label={p.label} error={props.errors[`schedule.${p.phase}.startsAt`]} id={`el-schedule-${p.phase}`}>
          <View className='election-when'>
            <View className='election-when__label'>开始</View>
            {pick(p.phase, 'startDate', 'date', '日期')}
            {pick(p.phase, 'startTime', 'time', '时间')}
          </View>
          <View className='election-when'>
            <View className='election-when__label'>结束</View>
            {pick(p.phase, 'endDate', 'date', '日期')}
            {pick(p.phase, 'endTime', 'time', '时间')}
          </View>
          {props.schedule[p.phase] && Object.values(props.schedule[p.phase]!).some(Boolean) ? (
            <View className='link' id={`el-schedule-${p.phase}-clear`} onClick={() => props.onChange({ ...props.schedule, [p.phase]: emptyWindow() })}>清空</View>
          ) : null}
        </Field>
      ))}
    </View>
  )
}
