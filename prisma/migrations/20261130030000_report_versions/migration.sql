-- A version per scope a report list is read in (grid `g:<id>`, community `c:<id>`, street `s:<id>`,
-- department `d:<id>`, assignee `u:<id>`), bumped in the transaction of every report change that
-- a list shows. The grid worker's inbox caches its pages per process and reads these few rows to
-- know whether a cached page still holds (docs/benchmarks.md).
CREATE TABLE `report_versions` (
    `scope` VARCHAR(24) NOT NULL,
    `version` BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (`scope`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
