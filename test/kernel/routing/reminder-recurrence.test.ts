import { describe, expect, it } from "vitest";
import { nextOccurrence } from "../../../kernel/routing/reminder-time";

const utc = (iso: string) => Date.parse(iso);

describe("next occurrence of a repeating reminder", () => {
  it("repeats daily and weekly at the same local time", () => {
    expect(nextOccurrence({ every: "day" }, utc("2026-11-30T08:00:00Z"), 60)).toBe(
      utc("2026-12-01T08:00:00Z"),
    );
    expect(nextOccurrence({ every: "week", weekday: 1 }, utc("2026-11-30T09:00:00Z"), 0)).toBe(
      utc("2026-12-07T09:00:00Z"),
    );
  });

  it("repeats monthly on the same local day and time, skipping months without that day", () => {
    // 09:00 in UTC+1 on the 1st is 08:00 UTC.
    expect(nextOccurrence({ every: "month", dayOfMonth: 1 }, utc("2026-12-01T08:00:00Z"), 60)).toBe(
      utc("2027-01-01T08:00:00Z"),
    );
    expect(nextOccurrence({ every: "month", dayOfMonth: 31 }, utc("2027-01-31T09:00:00Z"), 0)).toBe(
      utc("2027-03-31T09:00:00Z"),
    );
  });
});
