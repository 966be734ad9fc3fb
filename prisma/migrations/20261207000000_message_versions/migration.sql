-- The message centre's first page is kept per process and checked on every call (one statement)
-- against users.message_version and the user's count of unread messages. Between two equal
-- checks nothing on the page can have changed, because:
--   * a message is inserted unread (one inserted already read bumps the version below), so every
--     committed insert, in whatever order the inserting transactions commit, raises the unread
--     count while the version stands still; INSERT IGNORE of a repeat inserts nothing;
--   * every other change to a message (marking it read, any edit, a delete) bumps the version,
--     by the triggers below, inside the writing transaction.
-- So (message_version, unread count) never comes back to an earlier value. Report filings, which
-- insert messages for the same grid worker, leader and committee all day, touch no users row:
-- the insert trigger writes only for a message inserted already read.

ALTER TABLE `users` ADD COLUMN `message_version` INT UNSIGNED NOT NULL DEFAULT 0;

CREATE TRIGGER `messages_page_insert` AFTER INSERT ON `messages` FOR EACH ROW
  IF NEW.`read_at` IS NOT NULL THEN
    UPDATE `users` SET `message_version` = `message_version` + 1 WHERE `id` = NEW.`user_id`;
  END IF;

CREATE TRIGGER `messages_page_update` AFTER UPDATE ON `messages` FOR EACH ROW
  UPDATE `users` SET `message_version` = `message_version` + 1 WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);

CREATE TRIGGER `messages_page_delete` AFTER DELETE ON `messages` FOR EACH ROW
  UPDATE `users` SET `message_version` = `message_version` + 1 WHERE `id` = OLD.`user_id`;
