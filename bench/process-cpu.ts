/**
 * CPU time per process during a benchmark window, read from Linux's /proc (utime + stime).
 *
 * The webhook bench runs everything on one machine: the load generator, the platform stand-ins,
 * wrangler's Node process and its two workerd processes. Wall-clock latency alone cannot say
 * whether the Worker is slow or the machine is full; CPU seconds per process over the burst can.
 * Elsewhere than Linux the snapshot is empty and the report says so.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

interface ProcessTicks {
  pid: number;
  role: string;
  ticks: number;
}

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** What a process of the dev server is, from its command line. */
function roleOf(pid: number): string {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return "gone";
  }
  const line = argv.join(" ");
  if (line.includes("workerd")) {
    // wrangler's proxy listens on the public port; the runtime's entry socket is on port 0.
    return line.includes("--inspector-addr") ? "workerd: the Worker (runtime)" : "workerd: wrangler's proxy";
  }
  if (line.includes("wrangler")) return "node: wrangler dev";
  if (line.includes("webhooks-load")) return "node: load generator";
  return `other: ${argv[0]?.split("/").at(-1) ?? pid}`;
}

/** The pid and every descendant of it that is alive now. */
function withDescendants(root: number): number[] {
  if (os.platform() !== "linux") return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const info = stat(pid);
    if (!info) continue;
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    found.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return found;
}

export function snapshotCpu(roots: number[]): ProcessTicks[] {
  return roots.flatMap(withDescendants).flatMap((pid) => {
    const info = stat(pid);
    return info ? [{ pid, role: roleOf(pid), ticks: info.ticks }] : [];
  });
}

export interface CpuReport {
  windowSeconds: number;
  /** What the machine could give in the window: cores × seconds. */
  capacitySeconds: number;
  /** CPU seconds each role used in the window, busiest first. */
  byRole: Array<{ role: string; seconds: number }>;
  totalSeconds: number;
}

/**
 * CPU used between two snapshots. A process that started after `before` counts from zero;
 * one gone by `after` is left out (its last ticks are unknown), so totals are lower bounds.
 */
export function cpuBetween(
  before: ProcessTicks[],
  after: ProcessTicks[],
  windowMs: number,
  extra: Array<{ role: string; seconds: number }> = [],
): CpuReport {
  const start = new Map(before.map((p) => [p.pid, p.ticks]));
  const byRole = new Map<string, number>();
  for (const p of after) {
    const seconds = (p.ticks - (start.get(p.pid) ?? 0)) / TICKS_PER_SECOND;
    byRole.set(p.role, (byRole.get(p.role) ?? 0) + seconds);
  }
  for (const { role, seconds } of extra) byRole.set(role, (byRole.get(role) ?? 0) + seconds);
  const rows = [...byRole]
    .map(([role, seconds]) => ({ role, seconds: Math.round(seconds * 100) / 100 }))
    .filter((row) => row.seconds > 0)
    .sort((a, b) => b.seconds - a.seconds);
  const windowSeconds = Math.round(windowMs / 10) / 100;
  return {
    windowSeconds,
    capacitySeconds: Math.round(windowSeconds * os.cpus().length * 100) / 100,
    byRole: rows,
    totalSeconds: Math.round(rows.reduce((sum, row) => sum + row.seconds, 0) * 100) / 100,
  };
}
