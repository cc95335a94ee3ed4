import { describe, expect, it } from "vitest";
import { accepted, isRefusal, RefusedError } from "../../kernel/refusal";

describe("refusals across Durable Object RPC", () => {
  it("recognises a refusal and nothing else", () => {
    expect(isRefusal({ refused: "another tenant" })).toBe(true);
    expect(isRefusal({ refused: 3 })).toBe(false);
    expect(isRefusal({ duplicate: false })).toBe(false);
    expect(isRefusal(null)).toBe(false);
    expect(isRefusal([])).toBe(false);
  });

  it("passes an answer through and turns a refusal into an error naming the callee", () => {
    expect(accepted({ closed: true }, "the coordinator")).toEqual({ closed: true });
    const refuse = () => accepted({ refused: "belongs to acme, not globex" }, "the coordinator");
    expect(refuse).toThrow(RefusedError);
    expect(refuse).toThrow("the coordinator refused: belongs to acme, not globex");
  });
});
