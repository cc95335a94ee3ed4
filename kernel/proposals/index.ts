/** The proposal lifecycle's pure core: states, modes and their configuration, button payloads. */
export * from "./callback-data";
export * from "./modes-config";
export * from "./resolve-mode";
export * from "./states";
