-- The message centre's first page is kept per process and checked on every call (one statement)
-- against the user's row in message_versions and their count of unread messages. Between two
-- equal checks nothing on the page can have changed, because:
--   * a message is inserted unread (one inserted already read bumps the version below), so every
--     committed insert, in whatever order the inserting transactions commit, raises the unread
--     count while the version stands still; INSERT IGNORE of a repeat inserts nothing;
--   * every other change to a message (marking it read, any edit, a delete) bumps the version,
--     by the triggers below, inside the writing transaction.
-- So (version, unread count) never comes back to an earlier value.
--
-- The version has its own table, not a column of users: a message INSERT takes a shared lock on
-- its user's row (the foreign key), so marking messages read while a report filing for the same
-- grid worker is in flight would wait on users in one order and on the messages index in the
-- other. Report filings, which insert messages for the same worker, leader and committee all
-- day, touch this table only for a message inserted already read (never, in the API). No foreign
-- key to users, so that writing a version takes no lock there either.

CREATE TABLE `message_versions` (
    `user_id` INT NOT NULL,
    `version` INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (`user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TRIGGER `messages_page_insert` AFTER INSERT ON `messages` FOR EACH ROW
  IF NEW.`read_at` IS NOT NULL THEN
    INSERT INTO `message_versions` (`user_id`, `version`) VALUES (NEW.`user_id`, 1)
      ON DUPLICATE KEY UPDATE `version` = `version` + 1;
  END IF;

CREATE TRIGGER `messages_page_update` AFTER UPDATE ON `messages` FOR EACH ROW
BEGIN
  INSERT INTO `message_versions` (`user_id`, `version`) VALUES (NEW.`user_id`, 1)
    ON DUPLICATE KEY UPDATE `version` = `version` + 1;
  IF OLD.`user_id` <> NEW.`user_id` THEN
    INSERT INTO `message_versions` (`user_id`, `version`) VALUES (OLD.`user_id`, 1)
      ON DUPLICATE KEY UPDATE `version` = `version` + 1;
  END IF;
END;

CREATE TRIGGER `messages_page_delete` AFTER DELETE ON `messages` FOR EACH ROW
  INSERT INTO `message_versions` (`user_id`, `version`) VALUES (OLD.`user_id`, 1)
    ON DUPLICATE KEY UPDATE `version` = `version` + 1;
