import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import CursorItems from '../../../components/ListFooter/CursorItems'
import NoticeItem from '../../../components/NoticeItem'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import SubscribeCard from '../../../components/SubscribeCard'
import { useCursorList } from '../../../hooks/useCursorList'
import { listNoticeFeed, type NoticeCategory } from '../../../services/notices'
import { NOTICE_CATEGORIES } from '../../../utils/labels'
import { NOTICE_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import '../notices.css'

const PAGE_SIZE = 20

/**
 * 社区公告: every notice for me, pinned first, by category, 加载更多 by cursor, pull down to refresh.
 *
 * What the card shows, in order: 加载中… while a first page is on its way with nothing on screen;
 * 加载失败 + 重试 when a first page failed with nothing on screen; the empty state only when the
 * answer really was empty. A category chip starts the list over.
 */
export default function NoticeListPage() {
  const [category, setCategory] = useState<NoticeCategory>()
  const list = useCursorList((cursor) => listNoticeFeed({ limit: PAGE_SIZE, cursor, category }), [category])

  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void list.loadMore())

  const open = (id: number) => Taro.navigateTo({ url: withQuery(NOTICE_DETAIL_PAGE, { id }) })
  const current = NOTICE_CATEGORIES.find((c) => c.value === category)

  return (
    <PageShell>
      <View className='chips chips--scroll' id='category-filter' role='radiogroup' aria-label='公告类别'>
        <Chip active={!category} onTap={() => setCategory(undefined)}>
          全部
        </Chip>
        {NOTICE_CATEGORIES.map((c) => (
          <Chip key={c.value} active={c.value === category} onTap={() => setCategory(c.value)}>
            {c.label}
          </Chip>
        ))}
      </View>

      <View className='card' id='notice-list'>
        <CursorItems list={list} empty={<Empty title='暂无公告' hint={current ? `还没有「${current.label}」类的公告，点上方「全部」可查看所有公告。` : '社区发布公告后会显示在这里，下拉可刷新。'} />}>
          {(n) => <NoticeItem key={n.id} notice={n} onOpen={open} />}
        </CursorItems>
      </View>
      <SubscribeCard compact />
    </PageShell>
  )
}
