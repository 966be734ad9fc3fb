-- Rate-limit counters shared by every API process: one row per bucket (route + client IP), its
-- current window and the hits in it (middleware/rateLimit.ts). Expired rows are deleted by the
-- housekeeping job.
CREATE TABLE `rate_limit_hits` (
    `bucket` VARCHAR(191) NOT NULL,
    `window_start` DATETIME(3) NOT NULL,
    `hits` INTEGER NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    INDEX `rate_limit_hits_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`bucket`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
