import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReportEventDto } from '../../services/reports'
import { fileUrl } from '../../services/request'
import { formatDateTime } from '../../utils/time'
import './ReportTimeline.css'

/**
 * The timeline of a report, oldest first as the API sends it: what happened (the API's label),
 * who did it (role label, and the name where the API gives one), when (Asia/Shanghai), the text
 * and photos (tap to enlarge). The same component serves the resident's and the handler's detail.
 */
export default function ReportTimeline({ events, id = 'report-timeline' }: { events: ReportEventDto[]; id?: string }) {
  if (events.length === 0) return <View className='muted'>暂无办理记录</View>
  return (
    <View id={id} className='timeline' role='list'>
      {events.map((e, i) => (
        <View key={e.id} className={`timeline__event timeline__event--${e.kind}${i === events.length - 1 ? ' timeline__event--last' : ''}`} role='listitem'>
          <View className='timeline__dot' />
          <View className='timeline__body'>
            <View className='timeline__head'>
              <View className='timeline__label'>{e.label}</View>
              <View className='timeline__time'>{formatDateTime(e.createdAt)}</View>
            </View>
            <View className='timeline__actor'>{e.actorName ? `${e.actorRoleLabel} · ${e.actorName}` : e.actorRoleLabel}</View>
            {e.text ? <View className='timeline__text'>{e.text}</View> : null}
            {e.photos.length > 0 ? <EventPhotos photos={e.photos} /> : null}
          </View>
        </View>
      ))}
    </View>
  )
}

function EventPhotos({ photos }: { photos: ReportEventDto['photos'] }) {
  const urls = photos.map((p) => fileUrl(p.url))
  return (
    <View className='timeline__photos'>
      {photos.map((p, i) => (
        <Image
          key={p.id}
          className='timeline__photo'
          src={urls[i]}
          mode='aspectFill'
          lazyLoad
          onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
        />
      ))}
    </View>
  )
}
