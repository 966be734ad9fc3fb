-- E-consultation (协商议事, issue 11): topics raised by staff or proposed by residents (support
-- threshold per community), discussion (opinions, replies, likes, edit history), the decision (a
-- vote — per resident or per household, first ballot counts — or a meeting), the follow-up actions
-- with progress updates, and residents' satisfaction ratings.

-- The smaller of the two is a proposal's support threshold (fixed on the topic when proposed).
CREATE TABLE `consultation_settings` (
    `community_id` INTEGER NOT NULL,
    `support_min_residents` INTEGER NOT NULL DEFAULT 20,
    `support_percent_households` INTEGER NOT NULL DEFAULT 5,
    `updated_at` DATETIME(3) NOT NULL,
    PRIMARY KEY (`community_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_topics` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `community_id` INTEGER NOT NULL,
    `audience` ENUM('community', 'grids', 'buildings') NOT NULL DEFAULT 'community',
    `title` VARCHAR(100) NOT NULL,
    `background` VARCHAR(4000) NOT NULL DEFAULT '',
    `source` ENUM('staff', 'resident') NOT NULL,
    `state` ENUM('proposed', 'gathering', 'discussion', 'voting', 'decided', 'in_progress', 'completed', 'closed', 'expired') NOT NULL,
    `closed_reason` VARCHAR(500) NULL,
    `discussion_starts_at` DATETIME(3) NULL,
    `discussion_ends_at` DATETIME(3) NULL,
    `decision_method` ENUM('none', 'vote', 'meeting') NOT NULL DEFAULT 'none',
    `support_threshold` INTEGER NULL,
    `support_deadline` DATETIME(3) NULL,
    -- Moved by a conditional update in the transaction that inserts the support row.
    `support_count` INTEGER NOT NULL DEFAULT 0,
    `state_changed_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_by` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `consultation_topics_community_id_state_idx`(`community_id`, `state`),
    INDEX `consultation_topics_state_support_deadline_idx`(`state`, `support_deadline`),
    INDEX `consultation_topics_created_by_idx`(`created_by`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_targets` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `topic_id` INTEGER NOT NULL,
    `grid_id` INTEGER NULL,
    `building_id` INTEGER NULL,
    UNIQUE INDEX `consultation_targets_topic_grid_building_key`(`topic_id`, `grid_id`, `building_id`),
    INDEX `consultation_targets_grid_id_idx`(`grid_id`),
    INDEX `consultation_targets_building_id_idx`(`building_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_attachments` (
    `topic_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,
    `upload_id` INTEGER NOT NULL,
    INDEX `consultation_attachments_upload_id_idx`(`upload_id`),
    PRIMARY KEY (`topic_id`, `position`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_supports` (
    `topic_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `consultation_supports_user_id_idx`(`user_id`),
    PRIMARY KEY (`topic_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_opinions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `topic_id` INTEGER NOT NULL,
    `author_id` INTEGER NOT NULL,
    `parent_id` INTEGER NULL,
    `stance` ENUM('for', 'against', 'other') NULL,
    `body` VARCHAR(1000) NOT NULL,
    `official` BOOLEAN NOT NULL DEFAULT false,
    `status` ENUM('published', 'held', 'hidden', 'deleted') NOT NULL DEFAULT 'published',
    `hidden_reason` VARCHAR(200) NULL,
    `moderated_by` INTEGER NULL,
    `moderated_at` DATETIME(3) NULL,
    `like_count` INTEGER NOT NULL DEFAULT 0,
    `version` INTEGER NOT NULL DEFAULT 0,
    `edited_at` DATETIME(3) NULL,
    `deleted_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `consultation_opinions_topic_id_parent_id_id_idx`(`topic_id`, `parent_id`, `id`),
    INDEX `consultation_opinions_parent_id_idx`(`parent_id`),
    INDEX `consultation_opinions_author_id_idx`(`author_id`),
    INDEX `consultation_opinions_moderated_by_idx`(`moderated_by`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_opinion_likes` (
    `opinion_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `consultation_opinion_likes_user_id_idx`(`user_id`),
    PRIMARY KEY (`opinion_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_opinion_edits` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `opinion_id` INTEGER NOT NULL,
    `version` INTEGER NOT NULL,
    `stance` ENUM('for', 'against', 'other') NULL,
    `body` VARCHAR(1000) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `consultation_opinion_edits_opinion_id_version_key`(`opinion_id`, `version`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- At most one vote per topic; valid when ballots ≥ quorum_percent % of eligible_count (fixed when
-- it opens).
CREATE TABLE `consultation_votes` (
    `topic_id` INTEGER NOT NULL,
    `kind` ENUM('single', 'multiple', 'approve') NOT NULL,
    `max_choices` INTEGER NOT NULL DEFAULT 1,
    `unit` ENUM('per_resident', 'per_household') NOT NULL DEFAULT 'per_resident',
    `opens_at` DATETIME(3) NULL,
    `closes_at` DATETIME(3) NULL,
    `quorum_percent` INTEGER NOT NULL DEFAULT 0,
    `eligible_count` INTEGER NULL,
    `status` ENUM('scheduled', 'open', 'closed') NOT NULL DEFAULT 'scheduled',
    `ballots_count` INTEGER NOT NULL DEFAULT 0,
    `valid` BOOLEAN NULL,
    `closed_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`topic_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_vote_choices` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `topic_id` INTEGER NOT NULL,
    `label` VARCHAR(100) NOT NULL,
    `sort_order` INTEGER NOT NULL DEFAULT 0,
    INDEX `consultation_vote_choices_topic_id_idx`(`topic_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- voter_key: `u:<user id>` (per resident) or `h:<household id>` (per household): the database
-- keeps the first ballot of each key.
CREATE TABLE `consultation_ballots` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `topic_id` INTEGER NOT NULL,
    `voter_key` VARCHAR(24) NOT NULL,
    `user_id` INTEGER NOT NULL,
    `household_id` INTEGER NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `consultation_ballots_topic_id_voter_key_key`(`topic_id`, `voter_key`),
    INDEX `consultation_ballots_user_id_idx`(`user_id`),
    INDEX `consultation_ballots_household_id_idx`(`household_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_ballot_choices` (
    `ballot_id` INTEGER NOT NULL,
    `choice_id` INTEGER NOT NULL,
    INDEX `consultation_ballot_choices_choice_id_idx`(`choice_id`),
    PRIMARY KEY (`ballot_id`, `choice_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_meetings` (
    `topic_id` INTEGER NOT NULL,
    `held_on` DATE NOT NULL,
    `attendees` INTEGER NOT NULL,
    `resolution` VARCHAR(2000) NOT NULL,
    `recorded_by` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `consultation_meetings_recorded_by_idx`(`recorded_by`),
    PRIMARY KEY (`topic_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_actions` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `topic_id` INTEGER NOT NULL,
    `title` VARCHAR(200) NOT NULL,
    `owner` VARCHAR(64) NOT NULL,
    `due_on` DATE NOT NULL,
    `status` ENUM('pending', 'in_progress', 'completed') NOT NULL DEFAULT 'pending',
    `completed_at` DATETIME(3) NULL,
    `sort_order` INTEGER NOT NULL DEFAULT 0,
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `consultation_actions_topic_id_idx`(`topic_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_action_updates` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `action_id` INTEGER NOT NULL,
    `author_id` INTEGER NOT NULL,
    `body` VARCHAR(1000) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `consultation_action_updates_action_id_idx`(`action_id`),
    INDEX `consultation_action_updates_author_id_idx`(`author_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `consultation_ratings` (
    `topic_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `satisfaction` ENUM('satisfied', 'basically_satisfied', 'dissatisfied') NOT NULL,
    `comment` VARCHAR(500) NOT NULL DEFAULT '',
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `consultation_ratings_user_id_idx`(`user_id`),
    PRIMARY KEY (`topic_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `consultation_settings` ADD CONSTRAINT `consultation_settings_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_topics` ADD CONSTRAINT `consultation_topics_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_topics` ADD CONSTRAINT `consultation_topics_created_by_fkey` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_targets` ADD CONSTRAINT `consultation_targets_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_attachments` ADD CONSTRAINT `consultation_attachments_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_attachments` ADD CONSTRAINT `consultation_attachments_upload_id_fkey` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_supports` ADD CONSTRAINT `consultation_supports_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_supports` ADD CONSTRAINT `consultation_supports_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_opinions` ADD CONSTRAINT `consultation_opinions_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_opinions` ADD CONSTRAINT `consultation_opinions_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_opinions` ADD CONSTRAINT `consultation_opinions_moderated_by_fkey` FOREIGN KEY (`moderated_by`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `consultation_opinions` ADD CONSTRAINT `consultation_opinions_parent_id_fkey` FOREIGN KEY (`parent_id`) REFERENCES `consultation_opinions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_opinion_likes` ADD CONSTRAINT `consultation_opinion_likes_opinion_id_fkey` FOREIGN KEY (`opinion_id`) REFERENCES `consultation_opinions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_opinion_likes` ADD CONSTRAINT `consultation_opinion_likes_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_opinion_edits` ADD CONSTRAINT `consultation_opinion_edits_opinion_id_fkey` FOREIGN KEY (`opinion_id`) REFERENCES `consultation_opinions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_votes` ADD CONSTRAINT `consultation_votes_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_vote_choices` ADD CONSTRAINT `consultation_vote_choices_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_votes`(`topic_id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_ballots` ADD CONSTRAINT `consultation_ballots_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_votes`(`topic_id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_ballots` ADD CONSTRAINT `consultation_ballots_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_ballots` ADD CONSTRAINT `consultation_ballots_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `consultation_ballot_choices` ADD CONSTRAINT `consultation_ballot_choices_ballot_id_fkey` FOREIGN KEY (`ballot_id`) REFERENCES `consultation_ballots`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_ballot_choices` ADD CONSTRAINT `consultation_ballot_choices_choice_id_fkey` FOREIGN KEY (`choice_id`) REFERENCES `consultation_vote_choices`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_meetings` ADD CONSTRAINT `consultation_meetings_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_meetings` ADD CONSTRAINT `consultation_meetings_recorded_by_fkey` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_actions` ADD CONSTRAINT `consultation_actions_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_action_updates` ADD CONSTRAINT `consultation_action_updates_action_id_fkey` FOREIGN KEY (`action_id`) REFERENCES `consultation_actions`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_action_updates` ADD CONSTRAINT `consultation_action_updates_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `consultation_ratings` ADD CONSTRAINT `consultation_ratings_topic_id_fkey` FOREIGN KEY (`topic_id`) REFERENCES `consultation_topics`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `consultation_ratings` ADD CONSTRAINT `consultation_ratings_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
