import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  canTransition,
  type ModeRequest,
  ProposalModesError,
  parseProposalCallback,
  parseProposalModes,
  proposalCallbackData,
  resolveMode,
  sourcesOf,
} from "../../../kernel/proposals";

const modes = parseProposalModes(readFileSync("policies/proposal-modes.yaml", "utf8"), "proposal-modes.yaml");

const request = (over: Partial<ModeRequest>): ModeRequest => ({
  action: "update_record",
  agentId: "finance",
  target: "record:ent_acme",
  reversible: true,
  policyEffect: "allow",
  entities: [],
  ...over,
});

describe("resolveMode", () => {
  it("takes the first matching rule with the default window", () => {
    const r = resolveMode(modes, request({}));
    expect(r).toMatchObject({ mode: "auto_with_window", rule: "rules[2]:record-changes-undoable" });
    expect(r.windowMs).toBe(15 * 60_000);
  });

  it("runs allowed actions with no rule automatically, and makes asked ones wait", () => {
    expect(resolveMode(modes, request({ action: "shell" })).mode).toBe("auto");
    expect(resolveMode(modes, request({ action: "shell", policyEffect: "ask" })).mode).toBe(
      "require_approval",
    );
  });

  it("never lets an ask run unattended through an auto rule", () => {
    const r = resolveMode(modes, request({ action: "create_task", policyEffect: "ask" }));
    expect(r.mode).toBe("require_approval");
  });

  it("holds an irreversible action for the window instead of pretending it can be undone", () => {
    const custom = parseProposalModes(
      "version: 1\nrules:\n  - { id: msg, actions: [send_message], mode: auto_with_window, windowMinutes: 5 }\n",
      "x",
    );
    const r = resolveMode(custom, request({ action: "send_message", reversible: false }));
    expect(r).toMatchObject({ mode: "hold_then_execute", holdMs: 5 * 60_000 });
  });

  it("matches rules by agent and target globs", () => {
    const custom = parseProposalModes(
      [
        "version: 1",
        "rules:",
        "  - { id: two-for-clients, actions: ['send_*'], agents: [finance], targets: ['email:*@client.com'], mode: require_approval, approvals: 2 }",
      ].join("\n"),
      "x",
    );
    const hit = resolveMode(custom, request({ action: "send_email", target: "email:ann@client.com" }));
    expect(hit).toMatchObject({ mode: "require_approval", approvalsNeeded: 2 });
    expect(resolveMode(custom, request({ action: "send_email", agentId: "ops" })).mode).toBe("auto");
    expect(resolveMode(custom, request({ action: "send_email", target: "email:x@other.com" })).mode).toBe(
      "auto",
    );
  });

  it("forces approval for anything touching an entity in dispute", () => {
    const entities = [{ id: "ent_1", name: "Acme Ltd", flags: ["in_dispute"] }];
    const r = resolveMode(modes, request({ action: "send_email", reversible: false, entities }));
    expect(r).toMatchObject({ mode: "require_approval", rule: "guard:in_dispute" });
    expect(r.reason).toMatch(/dispute/);
  });

  it("forbids contacting a do-not-contact entity but lets other actions on it through", () => {
    const entities = [{ id: "ent_1", name: "Bob", flags: ["do_not_contact"] }];
    expect(resolveMode(modes, request({ action: "send_email", entities })).mode).toBe("forbid");
    expect(resolveMode(modes, request({ action: "update_record", entities })).mode).toBe("auto_with_window");
  });

  it("never lets a guard loosen a stricter mode", () => {
    const entities = [{ id: "e", name: "E", flags: ["in_dispute", "legal_hold"] }];
    expect(resolveMode(modes, request({ entities })).mode).toBe("forbid");
  });
});

describe("proposal-modes.yaml validation", () => {
  it("names the field of an unknown key or a bad mode", () => {
    expect(() => parseProposalModes("version: 1\nrulez: []\n", "f.yaml")).toThrow(ProposalModesError);
    expect(() =>
      parseProposalModes("version: 1\nrules:\n  - { id: a, actions: [x], mode: sometimes }\n", "f.yaml"),
    ).toThrow(/rules\.0\.mode/);
  });
});

describe("state machine and buttons", () => {
  it("allows only the documented transitions", () => {
    expect(canTransition("pending", "approved")).toBe(true);
    expect(canTransition("executed", "rolling_back")).toBe(true);
    expect(canTransition("rejected", "approved")).toBe(false);
    expect(canTransition("expired", "executing")).toBe(false);
    expect(sourcesOf("cancelled").sort()).toEqual(["approved", "pending"]);
  });

  it("round-trips callback data within Telegram's 64 bytes", () => {
    const id = "prop_0123456789abcdef0123_3_9";
    for (const verb of ["approve", "reject", "rollback", "cancel"] as const) {
      const data = proposalCallbackData(id, verb);
      expect(data.length).toBeLessThanOrEqual(64);
      expect(parseProposalCallback(data)).toEqual({ proposalId: id, verb });
    }
    expect(parseProposalCallback("p:prop_x:z")).toBeNull();
    expect(() => proposalCallbackData(`prop_${"x".repeat(60)}`, "approve")).toThrow(/64 bytes/);
  });
});
