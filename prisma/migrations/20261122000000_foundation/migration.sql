-- Foundation: region tree, identity, consent, household bindings, tokens, idempotency, audit.
-- Written by hand to match prisma/schema.prisma (the drift test checks it).

CREATE TABLE `streets` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `streets_code_key`(`code`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `communities` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `street_id` INTEGER NOT NULL,
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `address` VARCHAR(255) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `communities_code_key`(`code`),
    INDEX `communities_street_id_idx`(`street_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `grids` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `community_id` INTEGER NOT NULL,
    `street_id` INTEGER NOT NULL,
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `description` VARCHAR(255) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `grids_code_key`(`code`),
    INDEX `grids_community_id_idx`(`community_id`),
    INDEX `grids_street_id_idx`(`street_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `buildings` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `grid_id` INTEGER NOT NULL,
    `community_id` INTEGER NOT NULL,
    `street_id` INTEGER NOT NULL,
    `estate` VARCHAR(64) NOT NULL,
    `name` VARCHAR(32) NOT NULL,
    `latitude` DECIMAL(9, 6) NULL,
    `longitude` DECIMAL(9, 6) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `buildings_community_estate_name_key`(`community_id`, `estate`, `name`),
    INDEX `buildings_grid_id_idx`(`grid_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `households` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `building_id` INTEGER NOT NULL,
    `grid_id` INTEGER NOT NULL,
    `community_id` INTEGER NOT NULL,
    `street_id` INTEGER NOT NULL,
    `unit` VARCHAR(16) NOT NULL,
    `room` VARCHAR(16) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `households_building_unit_room_key`(`building_id`, `unit`, `room`),
    INDEX `households_grid_id_idx`(`grid_id`),
    INDEX `households_community_id_idx`(`community_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `departments` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `street_id` INTEGER NOT NULL,
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `departments_code_key`(`code`),
    INDEX `departments_street_id_idx`(`street_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `grid_assignments` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `grid_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `kind` ENUM('primary', 'deputy') NOT NULL,
    `primary_flag` BOOLEAN NULL,
    `on_duty` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `grid_assignments_grid_user_key`(`grid_id`, `user_id`),
    UNIQUE INDEX `grid_assignments_one_primary_key`(`grid_id`, `primary_flag`),
    INDEX `grid_assignments_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `users` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `username` VARCHAR(64) NULL,
    `display_name` VARCHAR(64) NOT NULL,
    `openid` VARCHAR(64) NULL,
    `unionid` VARCHAR(64) NULL,
    `password_hash` VARCHAR(255) NULL,
    `status` ENUM('active', 'disabled') NOT NULL DEFAULT 'active',
    `failed_logins` INTEGER NOT NULL DEFAULT 0,
    `locked_until` DATETIME(3) NULL,
    `last_login_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `users_username_key`(`username`),
    UNIQUE INDEX `users_openid_key`(`openid`),
    INDEX `users_unionid_idx`(`unionid`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `user_roles` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `role` ENUM('resident', 'grid_worker', 'grid_leader', 'committee', 'street', 'dept', 'admin', 'auditor') NOT NULL,
    `scope_type` ENUM('none', 'street', 'community', 'grid', 'department') NOT NULL DEFAULT 'none',
    `scope_id` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `user_roles_user_role_scope_key`(`user_id`, `role`, `scope_type`, `scope_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `resident_profiles` (
    `user_id` INTEGER NOT NULL,
    `real_name` VARCHAR(64) NULL,
    `id_number_cipher` VARBINARY(128) NULL,
    `id_number_hmac` BINARY(32) NULL,
    `id_number_masked` VARCHAR(18) NULL,
    `birth_date` DATE NULL,
    `gender` ENUM('male', 'female') NULL,
    `phone_cipher` VARBINARY(128) NULL,
    `phone_hmac` BINARY(32) NULL,
    `phone_masked` VARCHAR(20) NULL,
    `phone_source` VARCHAR(16) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `resident_profiles_id_number_hmac_key`(`id_number_hmac`),
    INDEX `resident_profiles_phone_hmac_idx`(`phone_hmac`),
    PRIMARY KEY (`user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consents` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `purpose` VARCHAR(32) NOT NULL,
    `policy_version` VARCHAR(16) NOT NULL,
    `granted_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `withdrawn_at` DATETIME(3) NULL,
    `ip` VARCHAR(45) NULL,
    INDEX `consents_user_id_purpose_idx`(`user_id`, `purpose`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `household_bindings` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `household_id` INTEGER NOT NULL,
    `community_id` INTEGER NOT NULL,
    `grid_id` INTEGER NOT NULL,
    `relation` ENUM('owner', 'family', 'tenant') NOT NULL,
    `status` ENUM('pending', 'approved', 'rejected', 'withdrawn') NOT NULL DEFAULT 'pending',
    `active_flag` BOOLEAN NULL,
    `reviewer_id` INTEGER NULL,
    `reason` VARCHAR(200) NULL,
    `reviewed_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `household_bindings_active_key`(`user_id`, `household_id`, `active_flag`),
    INDEX `household_bindings_community_id_status_id_idx`(`community_id`, `status`, `id`),
    INDEX `household_bindings_household_id_idx`(`household_id`),
    INDEX `household_bindings_reviewer_id_idx`(`reviewer_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `refresh_tokens` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `family_id` CHAR(32) NOT NULL,
    `token_hash` BINARY(32) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `used_at` DATETIME(3) NULL,
    `revoked_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `refresh_tokens_token_hash_key`(`token_hash`),
    INDEX `refresh_tokens_family_id_idx`(`family_id`),
    INDEX `refresh_tokens_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `idempotency_keys` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `key` VARCHAR(128) NOT NULL,
    `method` VARCHAR(8) NOT NULL,
    `path` VARCHAR(255) NOT NULL,
    `request_hash` BINARY(32) NOT NULL,
    `status_code` INTEGER NULL,
    `response_body` MEDIUMTEXT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `expires_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `idempotency_keys_user_key_key`(`user_id`, `key`),
    INDEX `idempotency_keys_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `audit_logs` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `actor_id` INTEGER NULL,
    `actor_role` VARCHAR(32) NULL,
    `action` VARCHAR(64) NOT NULL,
    `resource_type` VARCHAR(32) NULL,
    `resource_id` VARCHAR(64) NULL,
    `result` ENUM('success', 'failure', 'denied') NOT NULL,
    `ip` VARCHAR(45) NULL,
    `user_agent` VARCHAR(255) NULL,
    `request_id` VARCHAR(64) NULL,
    `details` JSON NULL,
    INDEX `audit_logs_at_idx`(`at`),
    INDEX `audit_logs_actor_id_at_idx`(`actor_id`, `at`),
    INDEX `audit_logs_resource_type_resource_id_idx`(`resource_type`, `resource_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `wechat_access_tokens` (
    `appid` VARCHAR(32) NOT NULL,
    `access_token` VARCHAR(512) NULL,
    `expires_at` DATETIME(3) NULL,
    `lease_owner` VARCHAR(64) NULL,
    `lease_until` DATETIME(3) NULL,
    `updated_at` DATETIME(3) NOT NULL,
    PRIMARY KEY (`appid`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `communities` ADD CONSTRAINT `communities_street_id_fkey` FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `grids` ADD CONSTRAINT `grids_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `buildings` ADD CONSTRAINT `buildings_grid_id_fkey` FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `buildings` ADD CONSTRAINT `buildings_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `households` ADD CONSTRAINT `households_building_id_fkey` FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `departments` ADD CONSTRAINT `departments_street_id_fkey` FOREIGN KEY (`street_id`) REFERENCES `streets`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `grid_assignments` ADD CONSTRAINT `grid_assignments_grid_id_fkey` FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `grid_assignments` ADD CONSTRAINT `grid_assignments_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `user_roles` ADD CONSTRAINT `user_roles_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `resident_profiles` ADD CONSTRAINT `resident_profiles_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consents` ADD CONSTRAINT `consents_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `household_bindings` ADD CONSTRAINT `household_bindings_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `household_bindings` ADD CONSTRAINT `household_bindings_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `household_bindings` ADD CONSTRAINT `household_bindings_reviewer_id_fkey` FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `refresh_tokens` ADD CONSTRAINT `refresh_tokens_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit trail is append-only: no UPDATE ever, DELETE only after the 180-day retention.
CREATE TRIGGER `audit_logs_no_update` BEFORE UPDATE ON `audit_logs` FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs is append-only';

CREATE TRIGGER `audit_logs_retention` BEFORE DELETE ON `audit_logs` FOR EACH ROW
  BEGIN
    IF OLD.`at` > UTC_TIMESTAMP(3) - INTERVAL 180 DAY THEN
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs rows are kept for 180 days';
    END IF;
  END;
