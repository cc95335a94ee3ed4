CREATE TABLE `task_outcome_stats` (
	`tenant_id` text NOT NULL,
	`task_type` text NOT NULL,
	`tier` text NOT NULL,
	`attempts` integer NOT NULL,
	`successes` integer NOT NULL,
	`cost_micros` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `task_type`, `tier`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Backfill: the totals of every outcome recorded before this table existed.
INSERT INTO `task_outcome_stats` (`tenant_id`, `task_type`, `tier`, `attempts`, `successes`, `cost_micros`, `updated_at`)
SELECT `tenant_id`, `task_type`, `tier`, count(*), sum(`success`), sum(`cost_micros`), max(`at`)
FROM `task_outcomes` GROUP BY `tenant_id`, `task_type`, `tier`;
--> statement-breakpoint
-- Kept in step by the database itself: one bump per outcome row really inserted (a retried
-- insert that hits the primary key inserts nothing, so it counts nothing), in the same statement.
CREATE TRIGGER `task_outcome_stats_on_insert` AFTER INSERT ON `task_outcomes`
BEGIN
  INSERT INTO `task_outcome_stats` (`tenant_id`, `task_type`, `tier`, `attempts`, `successes`, `cost_micros`, `updated_at`)
  VALUES (NEW.`tenant_id`, NEW.`task_type`, NEW.`tier`, 1, NEW.`success`, NEW.`cost_micros`, NEW.`at`)
  ON CONFLICT (`tenant_id`, `task_type`, `tier`) DO UPDATE SET
    `attempts` = `attempts` + 1,
    `successes` = `successes` + excluded.`successes`,
    `cost_micros` = `cost_micros` + excluded.`cost_micros`,
    `updated_at` = max(`updated_at`, excluded.`updated_at`);
END;
