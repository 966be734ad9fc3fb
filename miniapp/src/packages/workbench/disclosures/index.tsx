import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { DISCLOSURE_CATEGORIES, listDisclosures, periodLabel, type DisclosureCategory } from '../../../services/disclosures'
import { DISCLOSURE_EDIT_PAGE, DISCLOSURE_ITEM_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime } from '../../../utils/time'
import Chip from '../../../components/Chip'
import { pressable } from '../../../utils/keyboard'
import '../workbench.css'

const PAGE_SIZE = 20

/** 三务公开管理: the community's items by category, newest first, with 发布 and each item's management page. */
export default function DisclosureManagePage() {
  const [category, setCategory] = useState<DisclosureCategory>()
  const list = useCursorList((cursor) => listDisclosures({ limit: PAGE_SIZE, cursor, category }), [category])
  useListPageEvents(list)
  const open = (id: number) => Taro.navigateTo({ url: withQuery(DISCLOSURE_ITEM_PAGE, { id }) })

  return (
    <PageShell>
      <ActionButton block id='new-disclosure' onClick={() => void Taro.navigateTo({ url: DISCLOSURE_EDIT_PAGE })}>
        发布公开事项
      </ActionButton>
      <View className='chips' id='manage-category' role='radiogroup'>
        <Chip id='manage-category-all' active={!category} onTap={() => setCategory(undefined)}>全部</Chip>
        {DISCLOSURE_CATEGORIES.map((c) => (
          <Chip key={c.value} id={`manage-category-${c.value}`} active={c.value === category} onTap={() => setCategory(c.value)}>{c.label}</Chip>
        ))}
      </View>
      <View className='card' id='disclosure-manage-list'>
        <ListState list={list} empty={<Empty title='还没有公开事项' hint='点击上方「发布公开事项」开始。' />} />
        {list.items.map((d) => (
          <View key={d.id} className='item' id={`manage-disclosure-${d.id}`} role='link' {...pressable(() => void open(d.id), 'link')}>
            <View className='item__head'>
              <View className='item__title'>{d.title}</View>
              <View className={`tag${d.status === 'published' ? ' tag--approved' : ' tag--withdrawn'}`}>{d.statusLabel}</View>
            </View>
            <View className='item__meta'>{d.categoryLabel} · {periodLabel(d.period)} · 第 {d.versionNo} 版 · {formatDateTime(d.publishedAt)}</View>
          </View>
        ))}
        {list.loaded && list.items.length > 0 ? (
          <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
        ) : null}
      </View>
    </PageShell>
  )
}
