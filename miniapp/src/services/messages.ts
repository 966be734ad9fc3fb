import { request, requestPage } from './request'
import type { MessageDto } from './types'

/** The message centre, newest first; `unread` for unread ones only. */
export function listMessages(query: { limit?: number; cursor?: string | null; unread?: boolean } = {}) {
  return requestPage<MessageDto>('/messages', { query: { limit: query.limit, cursor: query.cursor, unread: query.unread ? 1 : undefined } })
}

/** How many messages are unread (for the badge on 首页). */
export async function getUnreadCount(): Promise<number> {
  return (await request<{ count: number }>('/messages/unread-count')).count
}

/** Marks some messages read; returns how many changed. */
export async function markMessagesRead(ids: string[]): Promise<number> {
  return (await request<{ updated: number }>('/messages/read', { method: 'POST', body: { ids } })).updated
}

/** Marks every message read (全部已读); returns how many changed. */
export async function markAllMessagesRead(): Promise<number> {
  return (await request<{ updated: number }>('/messages/read', { method: 'POST', body: { all: true } })).updated
}
