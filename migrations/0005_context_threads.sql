CREATE TABLE `context_thread_keys` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`thread_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `context_thread_keys_thread` ON `context_thread_keys` (`tenant_id`,`thread_id`);--> statement-breakpoint
CREATE TABLE `context_thread_links` (
	`tenant_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`linked_thread_id` text NOT NULL,
	`relation` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `thread_id`, `linked_thread_id`, `relation`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `context_thread_links_target` ON `context_thread_links` (`tenant_id`,`linked_thread_id`);--> statement-breakpoint
CREATE TABLE `context_thread_merges` (
	`tenant_id` text NOT NULL,
	`source_thread_id` text NOT NULL,
	`target_thread_id` text NOT NULL,
	`actor` text NOT NULL,
	`reason` text NOT NULL,
	`audit_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `source_thread_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `entity_participants` (
	`tenant_id` text NOT NULL,
	`participant` text NOT NULL,
	`entity_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `participant`, `entity_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
