-- The message centre (issue 12 §2): a resident's list is newest first (ORDER BY id DESC). The
-- (user_id, read_at) index serves the unread filter and count in order, but the whole list had to
-- filesort every message of the user; (user_id, id) reads the page in order and stops at its end.
CREATE INDEX `messages_user_id_id_idx` ON `messages`(`user_id`, `id`);
