-- Indexes for the resident feed's time-driven parts (see docs/benchmarks.md, findings 3 and 4):
-- the pinned page and "when does the next pin end" read (community_id, pinned_until);
-- "when does the next notice expire" reads (community_id, expires_at).
CREATE INDEX `notices_community_id_pinned_until_idx` ON `notices`(`community_id`, `pinned_until`);
CREATE INDEX `notices_community_id_expires_at_idx` ON `notices`(`community_id`, `expires_at`);
