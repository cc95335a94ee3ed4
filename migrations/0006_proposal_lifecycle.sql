CREATE TABLE `approvers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approvers_tenant_user` ON `approvers` (`tenant_id`,`platform`,`user_id`);--> statement-breakpoint
CREATE TABLE `entities` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entities_tenant_kind` ON `entities` (`tenant_id`,`kind`);--> statement-breakpoint
CREATE TABLE `proposal_approvals` (
	`tenant_id` text NOT NULL,
	`proposal_id` text NOT NULL,
	`approver` text NOT NULL,
	`verdict` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `proposal_id`, `approver`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `proposals` ADD `mode` text DEFAULT 'require_approval' NOT NULL;--> statement-breakpoint
ALTER TABLE `proposals` ADD `mode_rule` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `risk` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `reversible` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `proposals` ADD `target` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `entity_ids` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `approvals_needed` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `proposals` ADD `approvals_received` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `proposals` ADD `hold_until` integer;--> statement-breakpoint
ALTER TABLE `proposals` ADD `window_ends_at` integer;--> statement-breakpoint
ALTER TABLE `proposals` ADD `inverse` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `idempotency_key` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `chat_ref` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `status_reason` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `updated_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_idempotency` ON `proposals` (`tenant_id`,`idempotency_key`);