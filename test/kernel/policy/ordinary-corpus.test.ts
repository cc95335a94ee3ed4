/** Ordinary work is allowed under the sample team policy (see corpus/ordinary-commands.ts). */
import { describe, expect, it } from "vitest";
import { mergePolicies } from "../../../kernel/policy/index";
import { developmentCommands, financeCommands } from "./corpus/ordinary-commands";
import { defaultPolicy, loadPolicyFile, shell } from "./helpers";

const teamPolicy = mergePolicies(defaultPolicy, loadPolicyFile("policies/sample-team.yaml"));

describe("ordinary commands under policies/sample-team.yaml", () => {
  it("has at least 100 commands in the corpus", () => {
    expect(developmentCommands.length + financeCommands.length).toBeGreaterThanOrEqual(100);
  });

  it.each(developmentCommands)("allows the dev agent: %s", (command) => {
    expect(shell(teamPolicy, command, "dev")).toMatchObject({ effect: "allow" });
  });

  it.each(financeCommands)("allows the finance agent: %s", (command) => {
    expect(shell(teamPolicy, command, "finance")).toMatchObject({ effect: "allow" });
  });

  it("still asks before git push, and the overlay does not reach other agents", () => {
    expect(shell(teamPolicy, "git push origin main", "dev").effect).toBe("ask");
    expect(shell(teamPolicy, "git status", "finance").effect).toBe("deny");
    expect(shell(teamPolicy, "touch notes.txt", "assistant").effect).toBe("ask");
  });
});
