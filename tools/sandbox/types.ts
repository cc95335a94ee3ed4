/** Where shell commands run: just-bash in the isolate by default, E2B when configured. */

export interface SandboxLimits {
  timeoutMs: number;
  /** Output beyond this is cut before it reaches a model or a channel. */
  maxOutputBytes: number;
}

export interface ShellRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when stdout or stderr was cut to the limit. */
  truncated: boolean;
  timedOut: boolean;
}

export interface Sandbox {
  readonly kind: "just-bash" | "e2b";
  run(command: string, limits: SandboxLimits): Promise<ShellRun>;
  /**
   * Starts a command in the background and returns at once (E2B only; just-bash runs in the
   * isolate and has no background). The caller records the job and polls it.
   */
  startBackground?(
    jobId: string,
    command: string,
    lifetimeMs: number,
  ): Promise<{ sandboxId: string; pid: number }>;
}

/** The agent's working directory in every sandbox. */
export const WORKSPACE = "/workspace";

export function truncateOutput(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return { text, truncated: false };
  const cut = new TextDecoder().decode(bytes.slice(0, maxBytes)).replace(/\uFFFD$/, "");
  return { text: `${cut}\n… [output cut at ${maxBytes} bytes]`, truncated: true };
}

/** A command's raw result, cut to the output limit: the one shape every sandbox returns. */
export function limitedRun(
  result: { exitCode: number; stdout: string; stderr: string },
  limits: SandboxLimits,
  timedOut: boolean,
): ShellRun {
  const stdout = truncateOutput(result.stdout, limits.maxOutputBytes);
  const stderr = truncateOutput(result.stderr, limits.maxOutputBytes);
  return {
    exitCode: result.exitCode,
    stdout: stdout.text,
    stderr: stderr.text,
    truncated: stdout.truncated || stderr.truncated,
    timedOut,
  };
}
