CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source` text NOT NULL,
	`message_key` text NOT NULL,
	`thread_id` text,
	`queue` text,
	`body` text NOT NULL,
	`error` text NOT NULL,
	`attempts` integer NOT NULL,
	`created_at` integer NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_message` ON `dead_letters` (`tenant_id`,`source`,`message_key`);--> statement-breakpoint
CREATE INDEX `dead_letters_tenant_created` ON `dead_letters` (`tenant_id`,`created_at`);