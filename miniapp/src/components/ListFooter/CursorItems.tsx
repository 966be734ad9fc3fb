import type { ReactNode } from 'react'
import type { CursorList } from '../../hooks/useCursorList'
import { ListState } from '../StateView'
import ListFooter from '.'

/**
 * The body of a cursor list page (see hooks/useCursorList): skeleton, error or `empty` while there
 * are no items, each item through `children`, then the footer (加载更多 / 没有更多了) once loaded.
 */
export default function CursorItems<T extends { id: number | string }>({ list, empty, children }: {
  list: CursorList<T>
  empty: ReactNode
  children: (item: T) => ReactNode
}) {
  return (
    <>
      <ListState list={list} empty={empty} />
      {list.items.map(children)}
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
    </>
  )
}
