import { fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import type { ReportEventDto } from '../../services/reports'
import ReportTimeline from '.'

const event = (id: string, over: Partial<ReportEventDto> = {}): ReportEventDto => ({
  id, kind: 'submitted', label: '提交诉求', actorRole: 'resident', actorRoleLabel: '居民', actorName: null, text: null, photos: [],
  createdAt: '2026-11-30T02:05:00.000Z', ...over,
})

describe('ReportTimeline', () => {
  it("shows each event's label, actor role and name, Shanghai time, text and photos", () => {
    render(
      <ReportTimeline
        events={[
          event('e1', { text: '楼道灯不亮', photos: [{ id: 3, url: '/api/v1/files/a.jpg' }] }),
          event('e2', { kind: 'resolved', label: '办结', actorRole: 'grid_worker', actorRoleLabel: '网格员', actorName: '王网格', text: '已更换', createdAt: '2026-11-30T16:30:00.000Z' }),
        ]}
      />,
    )
    const items = screen.getAllByRole('listitem')
    expect(items).toHaveLength(2)
    const first = within(items[0])
    expect(first.getByText('提交诉求')).toBeTruthy()
    expect(first.getByText('居民')).toBeTruthy()
    expect(first.getByText('2026-11-30 10:05')).toBeTruthy()
    expect(first.getByText('楼道灯不亮')).toBeTruthy()
    const second = within(items[1])
    expect(second.getByText('网格员 · 王网格')).toBeTruthy()
    expect(second.getByText('2026-12-01 00:30')).toBeTruthy()
    expect(items[1].className).toContain('timeline__event--last')
  })

  it('enlarges a photo among the photos of its event', () => {
    render(<ReportTimeline events={[event('e1', { photos: [{ id: 3, url: '/a.jpg' }, { id: 4, url: '/b.jpg' }] })]} />)
    fireEvent.click(document.querySelectorAll('.timeline__photo')[1])
    expect(Taro.previewImage).toHaveBeenCalledWith({ urls: ['/a.jpg', '/b.jpg'], current: '/b.jpg' })
  })

  it('says so when there is nothing yet', () => {
    render(<ReportTimeline events={[]} />)
    expect(screen.getByText('暂无办理记录')).toBeTruthy()
  })
})
