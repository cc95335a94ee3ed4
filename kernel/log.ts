/**
 * Structured logs: one JSON object per line, always with the ids that let an operator follow
 * one message through gateway, queue, thread and outbox.
 *
 * The threshold comes from the LOG_LEVEL variable (default "info"): every entry point and Durable
 * Object calls `configureLogging(env)`. A busy tenant writes several info lines per message, and
 * each line costs money in Workers Logs and, under `wrangler dev`, CPU in the dev server that
 * relays it; "warn" keeps only what needs a person.
 */
export interface LogFields {
  tenant?: string;
  thread?: string;
  agent?: string;
  proposal?: string;
  decision?: string;
  [key: string]: unknown;
}

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DEFAULT_THRESHOLD = LOG_LEVELS.indexOf("info");
let threshold = DEFAULT_THRESHOLD;
let warnedAbout: string | undefined;

/** Sets the isolate's threshold from LOG_LEVEL; an unknown value means "info", with one warning. */
export function configureLogging(env: { LOG_LEVEL?: string }): void {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase() || "info";
  const index = LOG_LEVELS.indexOf(wanted as LogLevel);
  threshold = index >= 0 ? index : DEFAULT_THRESHOLD;
  if (index < 0 && warnedAbout !== wanted) {
    warnedAbout = wanted;
    log("warn", "log.level_unknown", { value: env.LOG_LEVEL, allowed: LOG_LEVELS.join(", ") });
  }
}

export function logLevelEnabled(level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= threshold;
}

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  if (!logLevelEnabled(level)) return;
  const line = JSON.stringify({ level, event, at: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** A logger with its ids bound once (a turn's tenant, thread and agent), so no line forgets them. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** The same logger with more fields bound (an agent once it is known). */
  with(fields: LogFields): Logger;
}

export function scopedLogger(bound: LogFields = {}): Logger {
  const at =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) =>
      log(level, event, { ...bound, ...fields });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    with: (fields) => scopedLogger({ ...bound, ...fields }),
  };
}
