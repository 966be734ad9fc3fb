-- Trust (issue 7): the changes one audit of the landed foundation asked for.

-- Demo accounts are marked, so the dev login can be limited to them; a per-user session version
-- goes into every access token (logout, a password change, disabling the account and a refresh
-- reuse alarm bump it); deleted accounts keep their row (ids in audit entries and statistics)
-- without personal data. The per-account lock moves to login_throttles (growing delays per
-- account and address instead of a lock any stranger can trigger).
ALTER TABLE `users`
    MODIFY `status` ENUM('active', 'disabled', 'deleted') NOT NULL DEFAULT 'active',
    ADD COLUMN `is_demo` BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN `session_version` INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN `deleted_at` DATETIME(3) NULL,
    DROP COLUMN `failed_logins`,
    DROP COLUMN `locked_until`;

-- The birth date (digits 7–14 of the ID number) together with the stored mask (digits 1–6 and
-- 15–18) rebuilt every ID number without the key. It stays only inside the ciphertext; the
-- ciphertexts of existing rows already hold it, so nothing is lost. `cipher_key_id` names the key
-- of the row's ciphertexts (NULL: the format before keys had ids), so a rotation can find the
-- rows it has still to re-encrypt.
ALTER TABLE `resident_profiles`
    DROP COLUMN `birth_date`,
    ADD COLUMN `cipher_key_id` INTEGER NULL,
    ADD INDEX `resident_profiles_cipher_key_id_idx`(`cipher_key_id`);

-- Refresh-token families with a revocation flag that every refresh checks: revoking a family
-- also kills a token a concurrent refresh is minting at that moment.
CREATE TABLE `refresh_families` (
    `id` CHAR(32) NOT NULL,
    `user_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `revoked_at` DATETIME(3) NULL,
    `revoke_reason` VARCHAR(32) NULL,
    INDEX `refresh_families_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `refresh_families` (`id`, `user_id`, `created_at`, `revoked_at`, `revoke_reason`)
SELECT `family_id`, MIN(`user_id`), MIN(`created_at`),
       IF(SUM(`revoked_at` IS NULL) = 0, MAX(`revoked_at`), NULL),
       IF(SUM(`revoked_at` IS NULL) = 0, 'migrated', NULL)
FROM `refresh_tokens` GROUP BY `family_id`;

ALTER TABLE `refresh_families` ADD CONSTRAINT `refresh_families_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `refresh_tokens` ADD CONSTRAINT `refresh_tokens_family_id_fkey` FOREIGN KEY (`family_id`) REFERENCES `refresh_families`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- Failed password logins, per bucket: account × client address, account alone, and account ×
-- known device. A bucket past its threshold delays the next attempt, growing with each failure.
CREATE TABLE `login_throttles` (
    `bucket` VARCHAR(191) NOT NULL,
    `failures` INTEGER NOT NULL DEFAULT 0,
    `blocked_until` DATETIME(3) NULL,
    `expires_at` DATETIME(3) NOT NULL,
    INDEX `login_throttles_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`bucket`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Uploads: when a file was first attached to something (files never attached are deleted after
-- 24 hours), and a per-user daily quota counted in the database. Files uploaded before this
-- migration are treated as attached: nothing proves otherwise, and none is deleted on a guess.
ALTER TABLE `uploads`
    ADD COLUMN `attached_at` DATETIME(3) NULL,
    ADD INDEX `uploads_attached_at_created_at_idx`(`attached_at`, `created_at`);
UPDATE `uploads` SET `attached_at` = `created_at`;

CREATE TABLE `upload_quota_days` (
    `user_id` INTEGER NOT NULL,
    `day` DATE NOT NULL,
    `files` INTEGER NOT NULL DEFAULT 0,
    `bytes` BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (`user_id`, `day`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A WeChat send is recorded as attempted before the call; an attempt without a result is
-- treated as failed (at most once), never sent again.
ALTER TABLE `outbox` ADD COLUMN `attempted_at` DATETIME(3) NULL;

-- An ID number already on file for another account is not refused (that answer confirmed whose
-- it was): the claim is saved without its look-up hash and routed to committee review.
-- `active_flag` is 1 while pending and NULL otherwise: one pending review per claimant.
CREATE TABLE `identity_reviews` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `claimant_id` INTEGER NOT NULL,
    `holder_id` INTEGER NULL,
    `id_number_hmac` BINARY(32) NOT NULL,
    `status` ENUM('pending', 'rejected', 'transferred', 'withdrawn') NOT NULL DEFAULT 'pending',
    `active_flag` BOOLEAN NULL,
    `reviewer_id` INTEGER NULL,
    `reason` VARCHAR(200) NULL,
    `decided_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `identity_reviews_claimant_active_key`(`claimant_id`, `active_flag`),
    INDEX `identity_reviews_status_id_idx`(`status`, `id`),
    INDEX `identity_reviews_holder_id_idx`(`holder_id`),
    INDEX `identity_reviews_reviewer_id_idx`(`reviewer_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `identity_reviews` ADD CONSTRAINT `identity_reviews_claimant_id_fkey` FOREIGN KEY (`claimant_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `identity_reviews` ADD CONSTRAINT `identity_reviews_holder_id_fkey` FOREIGN KEY (`holder_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `identity_reviews` ADD CONSTRAINT `identity_reviews_reviewer_id_fkey` FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;

-- Facts about the database itself, e.g. that `npm start` created it for the demo (only such a
-- database receives the demo accounts and their published password).
CREATE TABLE `app_meta` (
    `name` VARCHAR(64) NOT NULL,
    `value` VARCHAR(255) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`name`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
