-- The grid worker's inbox (issue 12 §2): a page is the reports with a deadline by (due_at, id),
-- then those without one by id, read per scope column. The (column, status, due_at) indexes make
-- a whole grid's ~2,500 reports a filesort when no state is asked for; (column, due_at) — with
-- the primary key InnoDB appends — reads both halves in order and stops at the page's end.
CREATE INDEX `reports_grid_id_due_at_idx` ON `reports`(`grid_id`, `due_at`);
CREATE INDEX `reports_assignee_id_due_at_idx` ON `reports`(`assignee_id`, `due_at`);
