import { describe, expect, it } from "vitest";

describe("toolchain", () => {
  it("runs kernel tests on the pinned Node", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
  });
});
