-- Notices (社区公告), uploads, the message centre, the outbox and subscribe-message grants.

CREATE TABLE `uploads` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `owner_id` INTEGER NOT NULL,
    `storage_key` VARCHAR(64) NOT NULL,
    `content_type` VARCHAR(32) NOT NULL,
    `byte_size` INTEGER NOT NULL,
    `width` INTEGER NOT NULL,
    `height` INTEGER NOT NULL,
    `sha256` BINARY(32) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `uploads_storage_key_key`(`storage_key`),
    INDEX `uploads_owner_id_idx`(`owner_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `notices` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `street_id` INTEGER NOT NULL,
    `community_id` INTEGER NOT NULL,
    `author_id` INTEGER NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `body_html` MEDIUMTEXT NOT NULL,
    `summary` VARCHAR(200) NOT NULL,
    `category` ENUM('notice', 'activity', 'policy', 'outage', 'other') NOT NULL DEFAULT 'notice',
    `importance` ENUM('normal', 'important') NOT NULL DEFAULT 'normal',
    `target_type` ENUM('community', 'grids', 'buildings') NOT NULL DEFAULT 'community',
    `status` ENUM('draft', 'scheduled', 'published', 'withdrawn') NOT NULL DEFAULT 'draft',
    `publish_at` DATETIME(3) NULL,
    `published_at` DATETIME(3) NULL,
    `pinned_until` DATETIME(3) NULL,
    `expires_at` DATETIME(3) NULL,
    `withdrawn_at` DATETIME(3) NULL,
    `withdrawn_by_id` INTEGER NULL,
    `withdraw_reason` VARCHAR(200) NULL,
    `version` INTEGER NOT NULL DEFAULT 1,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `notices_community_id_status_publish_at_idx`(`community_id`, `status`, `publish_at`),
    INDEX `notices_status_publish_at_idx`(`status`, `publish_at`),
    INDEX `notices_author_id_idx`(`author_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `notice_targets` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `notice_id` INTEGER NOT NULL,
    `grid_id` INTEGER NULL,
    `building_id` INTEGER NULL,
    UNIQUE INDEX `notice_targets_notice_grid_building_key`(`notice_id`, `grid_id`, `building_id`),
    INDEX `notice_targets_grid_id_idx`(`grid_id`),
    INDEX `notice_targets_building_id_idx`(`building_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `notice_images` (
    `notice_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,
    `upload_id` INTEGER NOT NULL,
    INDEX `notice_images_upload_id_idx`(`upload_id`),
    PRIMARY KEY (`notice_id`, `position`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `notice_reads` (
    `notice_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `read_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `notice_reads_user_id_idx`(`user_id`),
    PRIMARY KEY (`notice_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `notice_revisions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `notice_id` INTEGER NOT NULL,
    `version` INTEGER NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `body_html` MEDIUMTEXT NOT NULL,
    `editor_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `notice_revisions_notice_version_key`(`notice_id`, `version`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `notice_feed_versions` (
    `community_id` INTEGER NOT NULL,
    `version` INTEGER NOT NULL DEFAULT 0,
    `updated_at` DATETIME(3) NOT NULL,
    PRIMARY KEY (`community_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `messages` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `kind` VARCHAR(32) NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `body` VARCHAR(500) NOT NULL,
    `link` VARCHAR(255) NULL,
    `resource_type` VARCHAR(32) NOT NULL,
    `resource_id` VARCHAR(64) NOT NULL,
    `read_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `messages_user_kind_resource_key`(`user_id`, `kind`, `resource_type`, `resource_id`),
    INDEX `messages_user_id_read_at_idx`(`user_id`, `read_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `outbox` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `kind` VARCHAR(32) NOT NULL,
    `user_id` INTEGER NOT NULL,
    `message_id` BIGINT NULL,
    `template_key` VARCHAR(32) NOT NULL,
    `payload` JSON NOT NULL,
    `status` ENUM('pending', 'sending', 'sent', 'failed', 'skipped') NOT NULL DEFAULT 'pending',
    `attempts` INTEGER NOT NULL DEFAULT 0,
    `next_attempt_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `lease_owner` VARCHAR(64) NULL,
    `lease_until` DATETIME(3) NULL,
    `last_error` VARCHAR(500) NULL,
    `sent_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `outbox_kind_message_key`(`kind`, `message_id`),
    INDEX `outbox_status_next_attempt_at_idx`(`status`, `next_attempt_at`),
    INDEX `outbox_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `subscription_grants` (
    `user_id` INTEGER NOT NULL,
    `template_id` VARCHAR(64) NOT NULL,
    `remaining` INTEGER NOT NULL DEFAULT 0,
    `accepted_total` INTEGER NOT NULL DEFAULT 0,
    `rejected_total` INTEGER NOT NULL DEFAULT 0,
    `updated_at` DATETIME(3) NOT NULL,
    PRIMARY KEY (`user_id`, `template_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `uploads` ADD CONSTRAINT `uploads_owner_id_fkey` FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `notices` ADD CONSTRAINT `notices_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `notices` ADD CONSTRAINT `notices_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `notice_targets` ADD CONSTRAINT `notice_targets_notice_id_fkey` FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `notice_images` ADD CONSTRAINT `notice_images_notice_id_fkey` FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `notice_images` ADD CONSTRAINT `notice_images_upload_id_fkey` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `notice_reads` ADD CONSTRAINT `notice_reads_notice_id_fkey` FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `notice_reads` ADD CONSTRAINT `notice_reads_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `notice_revisions` ADD CONSTRAINT `notice_revisions_notice_id_fkey` FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `messages` ADD CONSTRAINT `messages_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `subscription_grants` ADD CONSTRAINT `subscription_grants_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
