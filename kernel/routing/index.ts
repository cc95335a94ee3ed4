/** The routing kernel's public surface: import from "kernel/routing/index.js". */
export * from "./budget.js";
export * from "./call-plan.js";
export * from "./cascade.js";
export * from "./cooldowns.js";
export * from "./cost.js";
export * from "./default-tiers.js";
export * from "./deterministic-handlers.js";
export * from "./evidence.js";
export * from "./features.js";
export * from "./privacy.js";
export * from "./reminder-time.js";
export * from "./router.js";
export * from "./runaway.js";
export * from "./tier-table.js";
export * from "./types.js";
