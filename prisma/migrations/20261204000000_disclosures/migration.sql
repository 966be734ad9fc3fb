-- 三务公开 / e监督 (issue 11): disclosure items of a community under 党务 / 居务 / 财务.
-- Items are never deleted. A correction is a new row naming the one it supersedes (unique: one
-- correction per version, so two corrections at once make exactly one); a withdrawal keeps the row
-- with its reason. Money is BIGINT fen.

CREATE TABLE `disclosures` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `community_id` INTEGER NOT NULL,
    `category` ENUM('party', 'affairs', 'finance') NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `period` VARCHAR(7) NOT NULL,
    `period_from` DATE NOT NULL,
    `period_to` DATE NOT NULL,
    `body` TEXT NOT NULL,
    `status` ENUM('published', 'superseded', 'withdrawn') NOT NULL DEFAULT 'published',
    `root_id` INTEGER NULL,
    `version_no` INTEGER NOT NULL DEFAULT 1,
    `supersedes_id` INTEGER NULL,
    `correction_reason` VARCHAR(500) NULL,
    `withdrawn_reason` VARCHAR(500) NULL,
    `withdrawn_at` DATETIME(3) NULL,
    `author_id` INTEGER NOT NULL,
    `published_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `disclosures_supersedes_id_key`(`supersedes_id`),
    INDEX `disclosures_community_id_category_period_from_idx`(`community_id`, `category`, `period_from`),
    INDEX `disclosures_community_id_status_period_from_idx`(`community_id`, `status`, `period_from`),
    INDEX `disclosures_author_id_idx`(`author_id`),
    INDEX `disclosures_root_id_idx`(`root_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `disclosure_lines` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `disclosure_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,
    `kind` ENUM('income', 'expense') NOT NULL,
    `category` VARCHAR(32) NOT NULL,
    `label` VARCHAR(100) NOT NULL,
    `amount_fen` BIGINT NOT NULL,
    UNIQUE INDEX `disclosure_lines_disclosure_id_position_key`(`disclosure_id`, `position`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `disclosure_attachments` (
    `disclosure_id` INTEGER NOT NULL,
    `upload_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,
    INDEX `disclosure_attachments_upload_id_idx`(`upload_id`),
    PRIMARY KEY (`disclosure_id`, `upload_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `disclosure_questions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `disclosure_id` INTEGER NOT NULL,
    `asker_id` INTEGER NOT NULL,
    `body` VARCHAR(1000) NOT NULL,
    `status` ENUM('published', 'held', 'hidden') NOT NULL,
    `status_reason` VARCHAR(200) NULL,
    `answer` VARCHAR(2000) NULL,
    `answered_by` INTEGER NULL,
    `answered_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `disclosure_questions_disclosure_id_status_idx`(`disclosure_id`, `status`),
    INDEX `disclosure_questions_asker_id_idx`(`asker_id`),
    INDEX `disclosure_questions_answered_by_idx`(`answered_by`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `disclosures` ADD CONSTRAINT `disclosures_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosures` ADD CONSTRAINT `disclosures_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosures` ADD CONSTRAINT `disclosures_supersedes_id_fkey` FOREIGN KEY (`supersedes_id`) REFERENCES `disclosures`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `disclosure_lines` ADD CONSTRAINT `disclosure_lines_disclosure_id_fkey` FOREIGN KEY (`disclosure_id`) REFERENCES `disclosures`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosure_attachments` ADD CONSTRAINT `disclosure_attachments_disclosure_id_fkey` FOREIGN KEY (`disclosure_id`) REFERENCES `disclosures`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosure_attachments` ADD CONSTRAINT `disclosure_attachments_upload_id_fkey` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosure_questions` ADD CONSTRAINT `disclosure_questions_disclosure_id_fkey` FOREIGN KEY (`disclosure_id`) REFERENCES `disclosures`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosure_questions` ADD CONSTRAINT `disclosure_questions_asker_id_fkey` FOREIGN KEY (`asker_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `disclosure_questions` ADD CONSTRAINT `disclosure_questions_answered_by_fkey` FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
