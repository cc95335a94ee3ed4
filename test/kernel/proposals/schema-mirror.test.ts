import { describe, expect, it } from "vitest";
import { PROPOSAL_MODES as DB_MODES, PROPOSAL_STATUSES as DB_STATUSES } from "../../../db/schema";
import { PROPOSAL_MODES, PROPOSAL_STATUSES } from "../../../kernel/proposals";

describe("the proposals table mirrors the kernel", () => {
  it("stores exactly the kernel's statuses and modes", () => {
    expect([...DB_STATUSES]).toEqual([...PROPOSAL_STATUSES]);
    expect([...DB_MODES]).toEqual([...PROPOSAL_MODES]);
  });
});
