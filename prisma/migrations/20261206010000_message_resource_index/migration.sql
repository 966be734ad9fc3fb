-- Queuing WeChat subscribe messages finds the message-centre entries of one resource by
-- (kind, resource_type, resource_id) without knowing their users (a notice's audience). With
-- only (user_id, …) indexes that was a scan of every message, driven from every user with an
-- openid; this index makes it a range of the entries of that resource.
CREATE INDEX `messages_kind_resource_idx` ON `messages`(`kind`, `resource_type`, `resource_id`);
