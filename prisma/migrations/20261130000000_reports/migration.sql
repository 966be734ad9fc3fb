-- Problem reports (issue 8): categories with deadlines in working time, the working calendar,
-- reports with their timeline, photos and supporters (附议), grid workers' leave, the visit log
-- (民情日志) with the 五必访 household flags, and Open311 clients.

-- The working calendar: the days that differ from the rule "Monday to Friday work, weekends off"
-- (public holidays off, 调休 make-up Saturdays and Sundays on), and the working hours of a working
-- day as periods in minutes after midnight, Asia/Shanghai.
CREATE TABLE `calendar_days` (
    `day` DATE NOT NULL,
    `kind` ENUM('holiday', 'workday') NOT NULL,
    `name` VARCHAR(32) NOT NULL,
    `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`day`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `work_periods` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `start_minute` SMALLINT NOT NULL,
    `end_minute` SMALLINT NOT NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `work_periods` (`start_minute`, `end_minute`) VALUES (540, 720), (810, 1050);

-- Report categories. `handling_unit` grid: the grid worker of the place handles it; department:
-- the department's queue, the grid worker informed. Deadlines in minutes of working time, or of
-- clock time when `clock` is 'calendar' (urgent categories).
CREATE TABLE `report_categories` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `code` VARCHAR(32) NOT NULL,
    `name` VARCHAR(32) NOT NULL,
    `description` VARCHAR(255) NOT NULL DEFAULT '',
    `handling_unit` ENUM('grid', 'department') NOT NULL DEFAULT 'grid',
    `department_id` INTEGER NULL,
    `accept_minutes` INTEGER NOT NULL,
    `resolve_minutes` INTEGER NOT NULL,
    `clock` ENUM('working', 'calendar') NOT NULL DEFAULT 'working',
    `sort_order` INTEGER NOT NULL DEFAULT 0,
    `active` BOOLEAN NOT NULL DEFAULT true,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `report_categories_code_key`(`code`),
    INDEX `report_categories_department_id_idx`(`department_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Open311 clients (a city hotline, a third-party app): an API key per community, stored hashed.
CREATE TABLE `open311_clients` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `community_id` INTEGER NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `key_hash` BINARY(32) NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `revoked_at` DATETIME(3) NULL,
    UNIQUE INDEX `open311_clients_key_hash_key`(`key_hash`),
    INDEX `open311_clients_community_id_idx`(`community_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A report. Its place in the region tree is copied down at routing time (scope filters are one
-- indexed column). `due_at` is the deadline of the current step (accept, then resolve; NULL while
-- paused or finished), `escalate_at` the next moment the escalation job looks at it, and
-- `warned_due_at` the deadline whose 30-minute warning went out.
CREATE TABLE `reports` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `source` ENUM('resident', 'patrol', 'open311') NOT NULL DEFAULT 'resident',
    `reporter_id` INTEGER NULL,
    `open311_client_id` INTEGER NULL,
    `category_id` INTEGER NOT NULL,
    `description` VARCHAR(1000) NOT NULL,
    `status` ENUM('submitted', 'accepted', 'awaiting_info', 'resolved', 'unsatisfied', 'closed', 'closed_unfixed', 'rejected') NOT NULL DEFAULT 'submitted',
    `paused_from` ENUM('submitted', 'accepted', 'awaiting_info', 'resolved', 'unsatisfied', 'closed', 'closed_unfixed', 'rejected') NULL,
    `location_kind` ENUM('household', 'building', 'point') NOT NULL,
    `household_id` INTEGER NULL,
    `building_id` INTEGER NULL,
    `latitude` DECIMAL(9, 6) NULL,
    `longitude` DECIMAL(9, 6) NULL,
    `address` VARCHAR(255) NULL,
    `grid_id` INTEGER NOT NULL,
    `community_id` INTEGER NOT NULL,
    `street_id` INTEGER NOT NULL,
    `handling_unit` ENUM('grid', 'department') NOT NULL,
    `department_id` INTEGER NULL,
    `assignee_id` INTEGER NULL,
    `escalation_level` TINYINT NOT NULL DEFAULT 0,
    `anonymous_to_public` BOOLEAN NOT NULL DEFAULT false,
    `accept_due_at` DATETIME(3) NOT NULL,
    `resolve_due_at` DATETIME(3) NOT NULL,
    `due_at` DATETIME(3) NULL,
    `escalate_at` DATETIME(3) NULL,
    `warned_due_at` DATETIME(3) NULL,
    `paused_at` DATETIME(3) NULL,
    `accepted_at` DATETIME(3) NULL,
    `accepted_late` BOOLEAN NULL,
    `resolved_at` DATETIME(3) NULL,
    `resolved_late` BOOLEAN NULL,
    `satisfied` BOOLEAN NULL,
    `rating_comment` VARCHAR(500) NULL,
    `rated_at` DATETIME(3) NULL,
    `closed_at` DATETIME(3) NULL,
    `reopen_count` INTEGER NOT NULL DEFAULT 0,
    `supporter_count` INTEGER NOT NULL DEFAULT 0,
    `version` INTEGER NOT NULL DEFAULT 0,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    INDEX `reports_assignee_id_status_due_at_idx`(`assignee_id`, `status`, `due_at`),
    INDEX `reports_grid_id_status_due_at_idx`(`grid_id`, `status`, `due_at`),
    INDEX `reports_community_id_status_due_at_idx`(`community_id`, `status`, `due_at`),
    INDEX `reports_street_id_status_due_at_idx`(`street_id`, `status`, `due_at`),
    INDEX `reports_department_id_status_due_at_idx`(`department_id`, `status`, `due_at`),
    INDEX `reports_reporter_id_id_idx`(`reporter_id`, `id`),
    INDEX `reports_escalate_at_idx`(`escalate_at`),
    INDEX `reports_due_at_idx`(`due_at`),
    INDEX `reports_community_id_category_id_status_idx`(`community_id`, `category_id`, `status`),
    INDEX `reports_category_id_idx`(`category_id`),
    INDEX `reports_building_id_idx`(`building_id`),
    INDEX `reports_household_id_idx`(`household_id`),
    INDEX `reports_open311_client_id_idx`(`open311_client_id`),
    INDEX `reports_created_at_idx`(`created_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The timeline: every step with who took it (their role at the time) and when.
CREATE TABLE `report_events` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `report_id` INTEGER NOT NULL,
    `kind` VARCHAR(32) NOT NULL,
    `actor_id` INTEGER NULL,
    `actor_role` VARCHAR(16) NOT NULL,
    `text` VARCHAR(1000) NULL,
    `data` JSON NULL,
    `is_internal` BOOLEAN NOT NULL DEFAULT false,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `report_events_report_id_id_idx`(`report_id`, `id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Photos of a report (event_id NULL) or of a step (reply, resolve, supplement). An upload serves once.
CREATE TABLE `report_photos` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `report_id` INTEGER NOT NULL,
    `event_id` BIGINT NULL,
    `upload_id` INTEGER NOT NULL,
    `position` INTEGER NOT NULL,
    UNIQUE INDEX `report_photos_upload_id_key`(`upload_id`),
    INDEX `report_photos_report_id_idx`(`report_id`),
    INDEX `report_photos_event_id_idx`(`event_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- 附议: residents who have the same problem, told of progress like the reporter.
CREATE TABLE `report_supporters` (
    `report_id` INTEGER NOT NULL,
    `user_id` INTEGER NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `report_supporters_user_id_idx`(`user_id`),
    PRIMARY KEY (`report_id`, `user_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A grid worker's leave: reports are not assigned to them on those days.
CREATE TABLE `worker_leaves` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `user_id` INTEGER NOT NULL,
    `starts_on` DATE NOT NULL,
    `ends_on` DATE NOT NULL,
    `reason` VARCHAR(100) NOT NULL DEFAULT '',
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `worker_leaves_user_id_ends_on_idx`(`user_id`, `ends_on`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- 五必访 flags on households (new residents, elderly living alone, disabled, left-behind children, migrants).
CREATE TABLE `household_care_flags` (
    `household_id` INTEGER NOT NULL,
    `flag` ENUM('new_resident', 'elderly_alone', 'disabled', 'left_behind_child', 'migrant') NOT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`household_id`, `flag`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- 民情日志: a grid worker's visits.
CREATE TABLE `visit_logs` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `worker_id` INTEGER NOT NULL,
    `household_id` INTEGER NOT NULL,
    `grid_id` INTEGER NOT NULL,
    `community_id` INTEGER NOT NULL,
    `visited_on` DATE NOT NULL,
    `kind` ENUM('door', 'phone', 'online', 'other') NOT NULL,
    `notes` VARCHAR(1000) NOT NULL,
    `follow_ups` VARCHAR(500) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `visit_logs_worker_id_visited_on_idx`(`worker_id`, `visited_on`),
    INDEX `visit_logs_household_id_visited_on_idx`(`household_id`, `visited_on`),
    INDEX `visit_logs_grid_id_visited_on_idx`(`grid_id`, `visited_on`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `report_categories` ADD CONSTRAINT `report_categories_department_id_fkey` FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `open311_clients` ADD CONSTRAINT `open311_clients_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_reporter_id_fkey` FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_open311_client_id_fkey` FOREIGN KEY (`open311_client_id`) REFERENCES `open311_clients`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_category_id_fkey` FOREIGN KEY (`category_id`) REFERENCES `report_categories`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_building_id_fkey` FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_grid_id_fkey` FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_community_id_fkey` FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_department_id_fkey` FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `reports` ADD CONSTRAINT `reports_assignee_id_fkey` FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE `report_events` ADD CONSTRAINT `report_events_report_id_fkey` FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `report_photos` ADD CONSTRAINT `report_photos_report_id_fkey` FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `report_photos` ADD CONSTRAINT `report_photos_upload_id_fkey` FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `report_supporters` ADD CONSTRAINT `report_supporters_report_id_fkey` FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `report_supporters` ADD CONSTRAINT `report_supporters_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `worker_leaves` ADD CONSTRAINT `worker_leaves_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `household_care_flags` ADD CONSTRAINT `household_care_flags_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE `visit_logs` ADD CONSTRAINT `visit_logs_worker_id_fkey` FOREIGN KEY (`worker_id`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE `visit_logs` ADD CONSTRAINT `visit_logs_household_id_fkey` FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
