CREATE TABLE `agent_cycles` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`slot` integer NOT NULL,
	`coalesced_slots` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`discovered` integer NOT NULL,
	`suppressed` integer NOT NULL,
	`tasks_created` integer NOT NULL,
	`tasks_merged` integer NOT NULL,
	`claimed_task_id` text,
	`outcome` text NOT NULL,
	`attempted` text NOT NULL,
	`worked` text NOT NULL,
	`failed` text NOT NULL,
	`cost_micros` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agent_cycles_agent` ON `agent_cycles` (`tenant_id`,`agent_id`,`slot`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`cycle_id` text NOT NULL,
	`source` text NOT NULL,
	`entity` text,
	`key` text,
	`text` text NOT NULL,
	`verdict` text NOT NULL,
	`duplicate_of` text,
	`reason` text NOT NULL,
	`task_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_tenant_at` ON `findings` (`tenant_id`,`at`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`number` text NOT NULL,
	`client` text NOT NULL,
	`amount_micros` integer NOT NULL,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`due_at` integer NOT NULL,
	`paid_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number` ON `invoices` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `invoices_unpaid` ON `invoices` (`tenant_id`,`paid_at`,`due_at`);--> statement-breakpoint
CREATE TABLE `task_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`task_id` text NOT NULL,
	`author` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_comments_task` ON `task_comments` (`tenant_id`,`task_id`,`at`);--> statement-breakpoint
CREATE TABLE `task_outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`task_type` text NOT NULL,
	`tier` text NOT NULL,
	`success` integer NOT NULL,
	`cost_micros` integer NOT NULL,
	`agent_id` text NOT NULL,
	`task_id` text NOT NULL,
	`cycle_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_outcomes_type` ON `task_outcomes` (`tenant_id`,`task_type`,`tier`);--> statement-breakpoint
ALTER TABLE `context_threads` ADD `last_speaker` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `task_type` text DEFAULT 'general' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `entity` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `parent_id` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `lease_expires_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `handoff_note` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `created_by` text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `due_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_tenant_parent` ON `tasks` (`tenant_id`,`parent_id`);