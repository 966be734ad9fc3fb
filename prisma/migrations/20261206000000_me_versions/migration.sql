-- GET /me is cached per process and checked on every call against two counters (one statement):
-- users.me_version, bumped for a user whenever a row GET /me shows of them changes, and
-- me_shared_version, bumped when a place name GET /me shows (street, community, grid,
-- department, building, household) changes. Triggers do the bumping, inside the writing
-- transaction, so no code path can change what /me shows without the counter moving with it.

ALTER TABLE `users` ADD COLUMN `me_version` INT UNSIGNED NOT NULL DEFAULT 0;

CREATE TABLE `me_shared_version` (
    `id` TINYINT NOT NULL,
    `version` INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `me_shared_version` (`id`, `version`) VALUES (1, 0);

CREATE TRIGGER `resident_profiles_me_insert` AFTER INSERT ON `resident_profiles` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = NEW.`user_id`;

CREATE TRIGGER `resident_profiles_me_update` AFTER UPDATE ON `resident_profiles` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);

CREATE TRIGGER `resident_profiles_me_delete` AFTER DELETE ON `resident_profiles` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = OLD.`user_id`;

CREATE TRIGGER `consents_me_insert` AFTER INSERT ON `consents` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = NEW.`user_id`;

CREATE TRIGGER `consents_me_update` AFTER UPDATE ON `consents` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);

CREATE TRIGGER `consents_me_delete` AFTER DELETE ON `consents` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = OLD.`user_id`;

CREATE TRIGGER `household_bindings_me_insert` AFTER INSERT ON `household_bindings` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = NEW.`user_id`;

CREATE TRIGGER `household_bindings_me_update` AFTER UPDATE ON `household_bindings` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);

CREATE TRIGGER `household_bindings_me_delete` AFTER DELETE ON `household_bindings` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = OLD.`user_id`;

CREATE TRIGGER `user_roles_me_insert` AFTER INSERT ON `user_roles` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = NEW.`user_id`;

CREATE TRIGGER `user_roles_me_update` AFTER UPDATE ON `user_roles` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);

CREATE TRIGGER `user_roles_me_delete` AFTER DELETE ON `user_roles` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = OLD.`user_id`;

CREATE TRIGGER `grid_assignments_me_insert` AFTER INSERT ON `grid_assignments` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = NEW.`user_id`;

CREATE TRIGGER `grid_assignments_me_update` AFTER UPDATE ON `grid_assignments` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` IN (NEW.`user_id`, OLD.`user_id`);

CREATE TRIGGER `grid_assignments_me_delete` AFTER DELETE ON `grid_assignments` FOR EACH ROW
  UPDATE `users` SET `me_version` = `me_version` + 1 WHERE `id` = OLD.`user_id`;

CREATE TRIGGER `streets_me_update` AFTER UPDATE ON `streets` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `streets_me_delete` AFTER DELETE ON `streets` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `communities_me_update` AFTER UPDATE ON `communities` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `communities_me_delete` AFTER DELETE ON `communities` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `grids_me_update` AFTER UPDATE ON `grids` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `grids_me_delete` AFTER DELETE ON `grids` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `departments_me_update` AFTER UPDATE ON `departments` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `departments_me_delete` AFTER DELETE ON `departments` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `buildings_me_update` AFTER UPDATE ON `buildings` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `buildings_me_delete` AFTER DELETE ON `buildings` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `households_me_update` AFTER UPDATE ON `households` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;

CREATE TRIGGER `households_me_delete` AFTER DELETE ON `households` FOR EACH ROW
  UPDATE `me_shared_version` SET `version` = `version` + 1 WHERE `id` = 1;
