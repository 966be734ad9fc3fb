-- Indexes the report benchmark asked for (docs/benchmarks.md): who holds a role in a node of the
-- region tree (grid leaders, committee, street staff, a department's handlers are looked up for
-- every report step; without it each look-up scanned every resident's role row), and a
-- community's reports by time (the Open311 request list).
CREATE INDEX `user_roles_role_scope_type_scope_id_idx` ON `user_roles`(`role`, `scope_type`, `scope_id`);
CREATE INDEX `reports_community_id_created_at_idx` ON `reports`(`community_id`, `created_at`);
