/**
 * A policy compiled for one agent: rules that do not apply to the agent are dropped and every
 * glob becomes a RegExp, once. `decide()` is called on every action an agent takes, so the
 * compiled form is memoised per policy object (policies are immutable values once parsed).
 */

import { appliesTo } from "./applies-to";
import { compileGlob } from "./glob";
import { canonicalHostPattern } from "./hosts";
import { type ShellLimitsForAgent, shellLimitsFor } from "./limits";
import type { Policy } from "./schema";
import type { Effect } from "./types";

export interface CompiledRule {
  label: string;
  effect: Effect;
  reason: string | undefined;
}

export interface CompiledPathRule extends CompiledRule {
  globs: RegExp[];
}

export interface CompiledNetworkRule extends CompiledRule {
  hosts: string[];
  schemes: ReadonlySet<string>;
  ports: ReadonlySet<number> | undefined;
  methods: ReadonlySet<string>;
  paths: RegExp[] | undefined;
  allowCredentials: boolean;
}

export interface CompiledShellAllowRule extends CompiledRule {
  args: RegExp[] | undefined;
  blockedArgs: RegExp[];
  allowKnownEscapes: boolean;
  pathArgs: "read-write" | "read" | "none" | undefined;
  timeoutMs: number | undefined;
  maxOutputBytes: number | undefined;
}

export interface CompiledShellBlockRule extends CompiledRule {
  program: RegExp;
  args: RegExp | undefined;
  anyArg: RegExp[];
}

/** An `ask` rule of the filesystem section: which accesses it escalates. */
export interface CompiledPathAskRule extends CompiledPathRule {
  operations: ReadonlySet<"read" | "write">;
}

/** An `ask` rule of the network section: hosts and paths as a block rule, optionally methods. */
export interface CompiledNetworkAskRule extends CompiledRule {
  hosts: string[];
  paths: RegExp[] | undefined;
  /** Undefined: every method. */
  methods: ReadonlySet<string> | undefined;
}

export interface CompiledNameRule extends CompiledRule {
  names: RegExp[];
  /** Tools only: the names' patterns that start with `mcp:`, the only ones MCP tools match. */
  mcpNames?: RegExp[];
  /** Tools only: the grant stands even for tools an MCP server hints as destructive/open-world. */
  overrideHints?: boolean;
  recipients: RegExp[];
  /** The rule lists "$conversation": it matches the conversation the agent is answering in. */
  matchesConversation: boolean;
}

/** The recipient token for "the conversation the agent is answering in". */
export const CONVERSATION_TOKEN = "$conversation";

export interface CompiledPolicy {
  agentId: string;
  shell: {
    allowByProgram: ReadonlyMap<string, CompiledShellAllowRule[]>;
    block: CompiledShellBlockRule[];
    /** Escalations: matched like block rules, they turn an allowed command into a proposal. */
    ask: CompiledShellBlockRule[];
    /** Also carries `cwd`, the directory relative paths resolve against. */
    limits: ShellLimitsForAgent;
  };
  filesystem: {
    read: CompiledPathRule[];
    write: CompiledPathRule[];
    block: CompiledPathRule[];
    ask: CompiledPathAskRule[];
  };
  network: { allow: CompiledNetworkRule[]; block: CompiledNetworkRule[]; ask: CompiledNetworkAskRule[] };
  channels: { allow: CompiledNameRule[]; block: CompiledNameRule[]; ask: CompiledNameRule[] };
  tools: { allow: CompiledNameRule[]; block: CompiledNameRule[]; ask: CompiledNameRule[] };
}

const cache = new WeakMap<Policy, Map<string, CompiledPolicy>>();

/** The compiled view of `policy` for `agentId`, built on first use. */
export function compiledFor(policy: Policy, agentId: string): CompiledPolicy {
  let byAgent = cache.get(policy);
  if (!byAgent) {
    byAgent = new Map();
    cache.set(policy, byAgent);
  }
  let compiled = byAgent.get(agentId);
  if (!compiled) {
    compiled = compilePolicy(policy, agentId);
    byAgent.set(agentId, compiled);
  }
  return compiled;
}

function label(section: string, index: number, id: string | undefined): string {
  return id ?? `${section}[${index}]`;
}

function textGlobs(patterns: readonly string[] | undefined): RegExp[] {
  return (patterns ?? []).map((pattern) => compileGlob(pattern, "text"));
}

/** The patterns of a tools rule that can match an MCP tool: only those written with `mcp:`. */
function mcpGlobs(patterns: readonly string[]): RegExp[] {
  return textGlobs(patterns.filter((pattern) => pattern.startsWith("mcp:")));
}

function compilePolicy(policy: Policy, agentId: string): CompiledPolicy {
  const allowByProgram = new Map<string, CompiledShellAllowRule[]>();
  policy.shell.allow.forEach((rule, index) => {
    if (!appliesTo(rule.agents, agentId)) return;
    const rules = allowByProgram.get(rule.program) ?? [];
    rules.push({
      label: label("shell.allow", index, rule.id),
      effect: rule.effect,
      reason: rule.reason,
      args: rule.args ? textGlobs(rule.args) : undefined,
      blockedArgs: textGlobs(rule.blockedArgs),
      allowKnownEscapes: rule.allowKnownEscapes,
      pathArgs: rule.pathArgs,
      timeoutMs: rule.timeoutMs,
      maxOutputBytes: rule.maxOutputBytes,
    });
    allowByProgram.set(rule.program, rules);
  });
  const shellMatchRules = (
    section: string,
    effect: Effect,
    rules: Policy["shell"]["block"],
  ): CompiledShellBlockRule[] =>
    rules.flatMap((rule, index) =>
      appliesTo(rule.agents, agentId)
        ? [
            {
              label: label(section, index, rule.id),
              effect,
              reason: rule.reason,
              program: compileGlob(rule.program, "text"),
              args: rule.args === undefined ? undefined : compileGlob(rule.args, "text"),
              anyArg: textGlobs(rule.anyArg),
            },
          ]
        : [],
    );

  const pathRules = (
    section: string,
    rules: readonly {
      agents: string[];
      paths: string[];
      id?: string | undefined;
      reason?: string | undefined;
      effect?: Effect;
    }[],
  ): CompiledPathRule[] =>
    rules.flatMap((rule, index) =>
      appliesTo(rule.agents, agentId)
        ? [
            {
              label: label(section, index, rule.id),
              effect: rule.effect ?? "deny",
              reason: rule.reason,
              globs: rule.paths.map((path) => compileGlob(path, "path")),
            },
          ]
        : [],
    );

  const networkRule = (
    section: string,
    rule: Policy["network"]["allow"][number],
    index: number,
  ): CompiledNetworkRule => ({
    label: label(section, index, rule.id),
    effect: rule.effect,
    reason: rule.reason,
    hosts: rule.hosts.map(canonicalHostPattern),
    schemes: new Set(rule.schemes),
    ports: rule.ports ? new Set(rule.ports) : undefined,
    methods: new Set(rule.methods),
    paths: rule.paths ? rule.paths.map((path) => compileGlob(path, "path")) : undefined,
    allowCredentials: rule.allowCredentials,
  });
  const networkAllow = policy.network.allow.flatMap((rule, index) =>
    appliesTo(rule.agents, agentId) ? [networkRule("network.allow", rule, index)] : [],
  );
  const networkBlock = policy.network.block
    .flatMap((rule, index) =>
      appliesTo(rule.agents, agentId)
        ? [
            networkRule(
              "network.block",
              {
                ...rule,
                effect: "allow",
                schemes: ["https", "http", "wss", "ws"],
                methods: [],
                allowCredentials: true,
              },
              index,
            ),
          ]
        : [],
    )
    .map((rule) => ({ ...rule, effect: "deny" as const }));

  const nameRules = (
    section: string,
    rules: readonly {
      agents: string[];
      id?: string | undefined;
      reason?: string | undefined;
      effect?: Effect;
    }[],
    names: (rule: number) => readonly string[],
    recipients: (rule: number) => readonly string[],
    extra: (rule: number) => Partial<CompiledNameRule> = () => ({}),
  ): CompiledNameRule[] =>
    rules.flatMap((rule, index) =>
      appliesTo(rule.agents, agentId)
        ? [
            {
              label: label(section, index, rule.id),
              effect: rule.effect ?? "deny",
              reason: rule.reason,
              names: textGlobs(names(index)),
              // The token is a flag, never a glob: a recipient literally named "$conversation"
              // must not match it.
              recipients: textGlobs(recipients(index).filter((r) => r !== CONVERSATION_TOKEN)),
              matchesConversation: recipients(index).includes(CONVERSATION_TOKEN),
              ...extra(index),
            },
          ]
        : [],
    );
  const networkAsk: CompiledNetworkAskRule[] = policy.network.ask.flatMap((rule, index) =>
    appliesTo(rule.agents, agentId)
      ? [
          {
            label: label("network.ask", index, rule.id),
            effect: "ask" as const,
            reason: rule.reason,
            hosts: rule.hosts.map(canonicalHostPattern),
            paths: rule.paths ? rule.paths.map((path) => compileGlob(path, "path")) : undefined,
            methods: rule.methods ? new Set(rule.methods) : undefined,
          },
        ]
      : [],
  );
  const filesystemAsk: CompiledPathAskRule[] = policy.filesystem.ask.flatMap((rule, index) =>
    appliesTo(rule.agents, agentId)
      ? [
          {
            label: label("filesystem.ask", index, rule.id),
            effect: "ask" as const,
            reason: rule.reason,
            globs: rule.paths.map((path) => compileGlob(path, "path")),
            operations: new Set(rule.operations),
          },
        ]
      : [],
  );
  const { channels, tools } = policy;
  const asking = (rules: CompiledNameRule[]) => rules.map((rule) => ({ ...rule, effect: "ask" as const }));

  return {
    agentId,
    shell: {
      allowByProgram,
      block: shellMatchRules("shell.block", "deny", policy.shell.block),
      ask: shellMatchRules("shell.ask", "ask", policy.shell.ask),
      limits: shellLimitsFor(policy, agentId),
    },
    filesystem: {
      read: pathRules("filesystem.read", policy.filesystem.read),
      write: pathRules("filesystem.write", policy.filesystem.write),
      block: pathRules("filesystem.block", policy.filesystem.block),
      ask: filesystemAsk,
    },
    network: { allow: networkAllow, block: networkBlock, ask: networkAsk },
    channels: {
      allow: nameRules(
        "channels.allow",
        channels.allow,
        (i) => channels.allow[i]!.channels,
        (i) => channels.allow[i]!.recipients,
      ),
      block: nameRules(
        "channels.block",
        channels.block,
        (i) => channels.block[i]!.channels,
        (i) => channels.block[i]!.recipients,
      ),
      ask: asking(
        nameRules(
          "channels.ask",
          channels.ask,
          (i) => channels.ask[i]!.channels,
          (i) => channels.ask[i]!.recipients,
        ),
      ),
    },
    tools: {
      allow: nameRules(
        "tools.allow",
        tools.allow,
        (i) => tools.allow[i]!.tools,
        () => ["*"],
        (i) => ({
          mcpNames: mcpGlobs(tools.allow[i]!.tools),
          overrideHints: tools.allow[i]!.overrideHints,
        }),
      ),
      block: nameRules(
        "tools.block",
        tools.block,
        (i) => tools.block[i]!.tools,
        () => ["*"],
        (i) => ({ mcpNames: mcpGlobs(tools.block[i]!.tools) }),
      ),
      ask: asking(
        nameRules(
          "tools.ask",
          tools.ask,
          (i) => tools.ask[i]!.tools,
          () => ["*"],
          (i) => ({ mcpNames: mcpGlobs(tools.ask[i]!.tools) }),
        ),
      ),
    },
  };
}
