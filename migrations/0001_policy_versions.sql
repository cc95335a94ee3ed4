CREATE TABLE `policy_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`scope` text NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `policy_versions_scope_version` ON `policy_versions` (`tenant_id`,`scope`,`version`);--> statement-breakpoint
CREATE INDEX `policy_versions_latest` ON `policy_versions` (`tenant_id`,`scope`);