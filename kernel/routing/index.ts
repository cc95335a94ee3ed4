/** The routing kernel's public surface: import from "kernel/routing/index.js". */
export * from "./budget";
export * from "./call-plan";
export * from "./cascade";
export * from "./cooldowns";
export * from "./cost";
export * from "./default-tiers";
export * from "./deterministic-handlers";
export * from "./evidence";
export * from "./features";
export * from "./privacy";
export * from "./reminder-time";
export * from "./router";
export * from "./runaway";
export * from "./tier-table";
export * from "./types";
