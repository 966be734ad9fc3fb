-- E-elections (issue 10): the lawful procedure 公布条件 → 选民登记 → 报名 → 资格审查 → 初步选举 →
-- 正式选举 → 计票公布, and a secret ballot.
--
-- THE SECRET BALLOT. That a voter voted (`election_voted`) and what a ballot says
-- (`election_ballots` + `election_ballot_choices`) are written in one transaction and share nothing
-- but the round: ballots have random 16-byte ids (no auto-increment, no insertion order), no voter,
-- no time; voted marks have no time and no ballot. Receipts (`election_trackers`) are random codes
-- with the round only: no voter, no ballot. Residual risk (docs/elections.md): InnoDB page internals
-- and a binary log, if enabled, keep the order of writes; operators keep the binlog off for these
-- tables or purge it after the count.

CREATE TABLE `elections` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `community_id` INTEGER NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `description` VARCHAR(2000) NOT NULL DEFAULT '',
    -- The eligibility conditions as published to residents (公布条件).
    `conditions_text` VARCHAR(2000) NOT NULL,
    -- Age is computed on this day from the verified ID number.
    `election_day` DATE NOT NULL,
    `min_age` INTEGER NOT NULL DEFAULT 18,
    -- Valid when ballots cast > turnout_num/turnout_den of the voters on the roll.
    `turnout_num` INTEGER NOT NULL DEFAULT 1,
    `turnout_den` INTEGER NOT NULL DEFAULT 2,
    -- Elected when votes > elect_num/elect_den of the ballots cast.
    `elect_num` INTEGER NOT NULL DEFAULT 1,
    `elect_den` INTEGER NOT NULL DEFAULT 2,
    `has_preliminary` BOOLEAN NOT NULL DEFAULT false,
    -- After a preliminary round, seats + advance_extra candidates of each contest advance.
    `advance_extra` INTEGER NOT NULL DEFAULT 1,
    `phase` ENUM('draft', 'conditions', 'registration', 'nomination', 'qualification', 'preliminary', 'formal', 'counting', 'published') NOT NULL DEFAULT 'draft',
    `roll_closed_at` DATETIME(3) NULL,
    `published_at` DATETIME(3) NULL,
    `archived_at` DATETIME(3) NULL,
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_by` INTEGER NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `elections_community_id_phase_idx`(`community_id`, `phase`),
    INDEX `elections_created_by_idx`(`created_by`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The schedule of each phase (opened and closed by staff or at these times) and when it really
-- opened and closed.
CREATE TABLE `election_phases` (
    `election_id` INTEGER NOT NULL,
    `phase` ENUM('conditions', 'registration', 'nomination', 'qualification', 'preliminary', 'formal', 'counting') NOT NULL,
    `starts_at` DATETIME(3) NULL,
    `ends_at` DATETIME(3) NULL,
    `opened_at` DATETIME(3) NULL,
    `closed_at` DATETIME(3) NULL,
    PRIMARY KEY (`election_id`, `phase`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A contest: 主任 1 seat, 副主任 2, 委员 4.
CREATE TABLE `election_contests` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `election_id` INTEGER NOT NULL,
    `name` VARCHAR(32) NOT NULL,
    `seats` INTEGER NOT NULL,
    `sort_order` INTEGER NOT NULL DEFAULT 0,
    INDEX `election_contests_election_id_idx`(`election_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A voting round: the preliminary round, the formal round, and further formal rounds (seq 2, 3…)
-- for seats left unfilled or tied. Totals are written when it is counted.
CREATE TABLE `election_rounds` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `election_id` INTEGER NOT NULL,
    `kind` ENUM('preliminary', 'formal') NOT NULL,
    `seq` INTEGER NOT NULL DEFAULT 1,
    `opens_at` DATETIME(3) NULL,
    `closes_at` DATETIME(3) NULL,
    `status` ENUM('scheduled', 'open', 'closed', 'counted') NOT NULL DEFAULT 'scheduled',
    `opened_at` DATETIME(3) NULL,
    `closed_at` DATETIME(3) NULL,
    `paper_ballots` INTEGER NOT NULL DEFAULT 0,
    `registered_voters` INTEGER NULL,
    `ballots_cast` INTEGER NULL,
    `valid` BOOLEAN NULL,
    `counted_at` DATETIME(3) NULL,
    UNIQUE INDEX `election_rounds_election_id_kind_seq_key`(`election_id`, `kind`, `seq`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The roll (选民名单). `masked_name` (张*明) and `building_label` are what the published roll shows.
-- A removed voter keeps the row with the reason (removed_at set).
CREATE TABLE `election_voters` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `election_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `household_id` INTEGER NULL,
    `masked_name` VARCHAR(16) NOT NULL,
    `building_label` VARCHAR(64) NOT NULL DEFAULT '',
    `source` ENUM('rule', 'staff', 'objection') NOT NULL DEFAULT 'rule',
    `added_reason` VARCHAR(200) NULL,
    `removed_at` DATETIME(3) NULL,
    `removed_reason` VARCHAR(200) NULL,
    `changed_by` INTEGER NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `election_voters_election_id_user_id_key`(`election_id`, `user_id`),
    INDEX `election_voters_user_id_idx`(`user_id`),
    INDEX `election_voters_household_id_idx`(`household_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- 异议 about the roll: `missing` (the filer, or `subject_user_id`, should be on it) or `ineligible`
-- (`subject_voter_id` should not). Upheld → the roll changes in the same transaction.
CREATE TABLE `election_objections` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `election_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `kind` ENUM('missing', 'ineligible') NOT NULL,
    `subject_voter_id` INTEGER NULL,
    `reason` VARCHAR(500) NOT NULL,
    `status` ENUM('pending', 'upheld', 'dismissed') NOT NULL DEFAULT 'pending',
    `resolution` VARCHAR(500) NULL,
    `resolved_by` INTEGER NULL,
    `resolved_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `election_objections_election_id_status_idx`(`election_id`, `status`),
    INDEX `election_objections_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A candidate for one contest (one contest per person and election). `advanced`: after a
-- preliminary round, whether they are on the formal ballot.
CREATE TABLE `election_candidates` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `election_id` INTEGER NOT NULL,
    `contest_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `source` ENUM('self', 'staff') NOT NULL,
    `statement` VARCHAR(1000) NOT NULL DEFAULT '',
    `photo_upload_id` INTEGER NULL,
    `status` ENUM('pending', 'approved', 'rejected', 'withdrawn') NOT NULL DEFAULT 'pending',
    `review_reason` VARCHAR(500) NULL,
    `reviewed_by` INTEGER NULL,
    `reviewed_at` DATETIME(3) NULL,
    `advanced` BOOLEAN NULL,
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `election_candidates_election_id_user_id_key`(`election_id`, `user_id`),
    UNIQUE INDEX `election_candidates_photo_upload_id_key`(`photo_upload_id`),
    INDEX `election_candidates_contest_id_status_idx`(`contest_id`, `status`),
    INDEX `election_candidates_user_id_idx`(`user_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- That a voter voted in a round, online or on paper: one row per roll entry and round (the unique
-- key that makes any number of parallel submissions one ballot). No time, no ballot.
CREATE TABLE `election_voted` (
    `voter_id` INTEGER NOT NULL,
    `round_id` INTEGER NOT NULL,
    `channel` ENUM('online', 'paper') NOT NULL,
    INDEX `election_voted_round_id_idx`(`round_id`),
    PRIMARY KEY (`voter_id`, `round_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A ballot: a random id and its round; nothing else. Its choices (none: a blank ballot).
CREATE TABLE `election_ballots` (
    `id` BINARY(16) NOT NULL,
    `round_id` INTEGER NOT NULL,
    INDEX `election_ballots_round_id_idx`(`round_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `election_ballot_choices` (
    `ballot_id` BINARY(16) NOT NULL,
    `contest_id` INTEGER NOT NULL,
    `candidate_id` INTEGER NOT NULL,
    INDEX `election_ballot_choices_candidate_id_idx`(`candidate_id`),
    INDEX `election_ballot_choices_contest_id_idx`(`contest_id`),
    PRIMARY KEY (`ballot_id`, `candidate_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The public board: a random tracker code per online ballot, with its round only.
CREATE TABLE `election_trackers` (
    `tracker` CHAR(12) NOT NULL,
    `round_id` INTEGER NOT NULL,
    INDEX `election_trackers_round_id_tracker_idx`(`round_id`, `tracker`),
    PRIMARY KEY (`tracker`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Paper ballots' totals per candidate, entered by staff (shown separately, added to the results).
CREATE TABLE `election_paper_votes` (
    `round_id` INTEGER NOT NULL,
    `candidate_id` INTEGER NOT NULL,
    `votes` INTEGER NOT NULL,
    INDEX `election_paper_votes_candidate_id_idx`(`candidate_id`),
    PRIMARY KEY (`round_id`, `candidate_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The count of a round per candidate, and what it means under the rules.
CREATE TABLE `election_results` (
    `round_id` INTEGER NOT NULL,
    `contest_id` INTEGER NOT NULL,
    `candidate_id` INTEGER NOT NULL,
    `online_votes` INTEGER NOT NULL,
    `paper_votes` INTEGER NOT NULL,
    `outcome` ENUM('elected', 'not_elected', 'tie', 'advanced') NOT NULL,
    INDEX `election_results_contest_id_idx`(`contest_id`),
    INDEX `election_results_candidate_id_idx`(`candidate_id`),
    PRIMARY KEY (`round_id`, `candidate_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- 监票人: named staff or resident representatives who may view the anonymous ballot list.
CREATE TABLE `election_scrutineers` (
    `election_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `title` VARCHAR(32) NOT NULL DEFAULT '监票人',
    INDEX `election_scrutineers_user_id_idx`(`user_id`),
    PRIMARY KEY (`election_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `elections` ADD CONSTRAINT `elections_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `elections` ADD CONSTRAINT `elections_created_by_fkey` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `election_phases` ADD CONSTRAINT `election_phases_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_contests` ADD CONSTRAINT `election_contests_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_rounds` ADD CONSTRAINT `election_rounds_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_voters` ADD CONSTRAINT `election_voters_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_voters` ADD CONSTRAINT `election_voters_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_voters` ADD CONSTRAINT `election_voters_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `election_objections` ADD CONSTRAINT `election_objections_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_objections` ADD CONSTRAINT `election_objections_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_candidates` ADD CONSTRAINT `election_candidates_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_candidates` ADD CONSTRAINT `election_candidates_contest_id_fkey` FOREIGN KEY (`contest_id`) REFERENCES `election_contests`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_candidates` ADD CONSTRAINT `election_candidates_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_candidates` ADD CONSTRAINT `election_candidates_photo_upload_id_fkey` FOREIGN KEY (`photo_upload_id`) REFERENCES `uploads`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `election_voted` ADD CONSTRAINT `election_voted_voter_id_fkey` FOREIGN KEY (`voter_id`) REFERENCES `election_voters`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_voted` ADD CONSTRAINT `election_voted_round_id_fkey` FOREIGN KEY (`round_id`) REFERENCES `election_rounds`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_ballots` ADD CONSTRAINT `election_ballots_round_id_fkey` FOREIGN KEY (`round_id`) REFERENCES `election_rounds`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_ballot_choices` ADD CONSTRAINT `election_ballot_choices_ballot_id_fkey` FOREIGN KEY (`ballot_id`) REFERENCES `election_ballots`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_ballot_choices` ADD CONSTRAINT `election_ballot_choices_contest_id_fkey` FOREIGN KEY (`contest_id`) REFERENCES `election_contests`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_ballot_choices` ADD CONSTRAINT `election_ballot_choices_candidate_id_fkey` FOREIGN KEY (`candidate_id`) REFERENCES `election_candidates`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_trackers` ADD CONSTRAINT `election_trackers_round_id_fkey` FOREIGN KEY (`round_id`) REFERENCES `election_rounds`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_paper_votes` ADD CONSTRAINT `election_paper_votes_round_id_fkey` FOREIGN KEY (`round_id`) REFERENCES `election_rounds`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_paper_votes` ADD CONSTRAINT `election_paper_votes_candidate_id_fkey` FOREIGN KEY (`candidate_id`) REFERENCES `election_candidates`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_results` ADD CONSTRAINT `election_results_round_id_fkey` FOREIGN KEY (`round_id`) REFERENCES `election_rounds`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_results` ADD CONSTRAINT `election_results_contest_id_fkey` FOREIGN KEY (`contest_id`) REFERENCES `election_contests`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_results` ADD CONSTRAINT `election_results_candidate_id_fkey` FOREIGN KEY (`candidate_id`) REFERENCES `election_candidates`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `election_scrutineers` ADD CONSTRAINT `election_scrutineers_election_id_fkey` FOREIGN KEY (`election_id`) REFERENCES `elections`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_scrutineers` ADD CONSTRAINT `election_scrutineers_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
