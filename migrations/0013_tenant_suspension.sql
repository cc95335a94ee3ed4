CREATE TABLE `parked_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`message` text NOT NULL,
	`parked_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `parked_events_tenant` ON `parked_events` (`tenant_id`,`seq`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `status_changed_at` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `quotas` text;