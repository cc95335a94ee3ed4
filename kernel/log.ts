/**
 * Structured logs: one JSON object per line, always with the ids that let an operator follow
 * one message through gateway, queue, thread and outbox.
 */
export interface LogFields {
  tenant?: string;
  thread?: string;
  agent?: string;
  proposal?: string;
  decision?: string;
  [key: string]: unknown;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, at: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
