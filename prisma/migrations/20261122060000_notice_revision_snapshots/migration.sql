-- A revision keeps the whole notice as it was before the edit, not only its title and body:
-- summary, category, importance, status, target (type, grid and building ids), image upload ids
-- and its times, as JSON (NoticeSnapshot in api/src/modules/notices/notice.schema.ts). Revisions
-- written before this migration hold only the text and keep a NULL snapshot.
ALTER TABLE `notice_revisions` ADD COLUMN `snapshot` JSON NULL;
