-- E-elections, continued (issue 10): further rounds (另行选举) and objections about someone else.
--
-- A further formal round (seq > 1) is held for the contests left tied or with seats unfilled after
-- the formal round was counted. Its rows here name those contests and the seats still to fill; a
-- round without rows here (the first of each kind) covers every contest with all its seats. The
-- ballot of a further round offers the contest's approved candidates not already elected.
CREATE TABLE `election_round_contests` (
    `round_id` INTEGER NOT NULL,
    `contest_id` INTEGER NOT NULL,
    `seats` INTEGER NOT NULL,

    INDEX `election_round_contests_contest_id_idx`(`contest_id`),
    PRIMARY KEY (`round_id`, `contest_id`),
    CONSTRAINT `election_round_contests_seats_check` CHECK (`seats` >= 1)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `election_round_contests` ADD CONSTRAINT `election_round_contests_round_id_fkey` FOREIGN KEY (`round_id`) REFERENCES `election_rounds`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `election_round_contests` ADD CONSTRAINT `election_round_contests_contest_id_fkey` FOREIGN KEY (`contest_id`) REFERENCES `election_contests`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- A `missing` objection may be about someone else than the filer, named as the filer knows them
-- (「王芳，3栋2单元101」): shown to staff and the filer only. Upholding it names the user added.
-- (The previous migration's comment calls this `subject_user_id`; the filer cannot know a user id,
-- so it is this text, and the user is named by staff when upholding.)
ALTER TABLE `election_objections` ADD COLUMN `subject_text` VARCHAR(100) NULL;
