import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { listManagedNotices, type NoticeState } from '../../../services/notices'
import { NOTICE_STATES } from '../../../utils/labels'
import { NOTICE_COMPOSE_PAGE } from '../../../utils/routes'
import ManageItem from './ManageItem'
import { pressable } from '../../../utils/keyboard'
import '../workbench.css'

const PAGE_SIZE = 20

/**
 * 公告管理: the notices of my communities by state, with 发布公告 and each notice's actions.
 *
 * What the page shows, in order: 加载中… while a first page is on its way with nothing on screen;
 * 加载失败 + 重试 when a first page failed with nothing on screen; the empty state only when the
 * answer really was empty. A state tab starts the list over.
 */
export default function NoticeManagePage() {
  const [state, setState] = useState<NoticeState>()
  const list = useCursorList((cursor) => listManagedNotices({ limit: PAGE_SIZE, cursor, status: state }), [state])

  // Coming back (from a detail or a form) loads again, so changes appear.
  useListPageEvents(list)

  const pick = (s?: NoticeState) => setState(s)
  const label = NOTICE_STATES.find((s) => s.value === state)?.label

  return (
    <PageShell>
      <ActionButton block id='new-notice' onClick={() => Taro.navigateTo({ url: NOTICE_COMPOSE_PAGE })}>
        发布新公告
      </ActionButton>
      <View className='tabs' id='state-tabs' role='tablist' aria-label='公告状态'>
        <Tab active={!state} onTap={() => pick(undefined)}>
          全部
        </Tab>
        {NOTICE_STATES.map((s) => (
          <Tab key={s.value} id={`tab-${s.value}`} active={s.value === state} onTap={() => pick(s.value)}>
            {s.label}
          </Tab>
        ))}
      </View>
      <ListState list={list} empty={<Empty title={label ? `没有${label}的公告` : '还没有公告'} hint='点击上方“发布新公告”开始。' />} />
      <View id='manage-list'>
        {list.items.map((n) => (
          <ManageItem key={n.id} notice={n} onChanged={(u) => list.update((items) => items.map((x) => (x.id === u.id ? { ...x, ...u } : x)))} />
        ))}
      </View>
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
    </PageShell>
  )
}

function Tab(props: { id?: string; active: boolean; onTap: () => void; children: string }) {
  return (
    <View id={props.id} className={`tab${props.active ? ' tab--active' : ''}`} role='tab' aria-selected={props.active} {...pressable(props.onTap)}>
      {props.children}
    </View>
  )
}
