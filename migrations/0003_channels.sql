CREATE TABLE `channel_send_pauses` (
	`tenant_id` text NOT NULL,
	`scope` text NOT NULL,
	`until` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `scope`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `channel_senders` (
	`tenant_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`sender_id` text NOT NULL,
	`sender_name` text NOT NULL,
	`status` text NOT NULL,
	`pairing_code_hash` text,
	`pairing_expires_at` integer,
	`approved_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `channel_id`, `sender_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `channel_senders_code` ON `channel_senders` (`tenant_id`,`pairing_code_hash`);--> statement-breakpoint
CREATE TABLE `outbox_parts` (
	`tenant_id` text NOT NULL,
	`outbox_id` text NOT NULL,
	`part` integer NOT NULL,
	`platform_message_id` text,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `outbox_id`, `part`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `slack_installations` (
	`tenant_id` text NOT NULL,
	`team_id` text NOT NULL,
	`team_name` text NOT NULL,
	`channel_id` text NOT NULL,
	`bot_user_id` text NOT NULL,
	`app_id` text NOT NULL,
	`scopes` text NOT NULL,
	`bot_token_sealed` text NOT NULL,
	`installed_by` text NOT NULL,
	`installed_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `team_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
