import { describe, expect, it } from "vitest";
import { localDate, localDateTime } from "../../lib/local-time.js";

describe("times as people read them", () => {
  it("shows a UTC stamp in the configured offset, to the minute", () => {
    expect(localDateTime("2026-11-30T16:30:00.000Z", 480)).toBe("2026-12-01 00:30");
    expect(localDateTime(Date.parse("2026-12-01T09:00+08:00"), 480)).toBe("2026-12-01 09:00");
    expect(localDateTime(new Date("2026-12-01T12:00:00Z"), -300)).toBe("2026-12-01 07:00");
  });

  it("gives the local calendar day, not the UTC one", () => {
    expect(localDate("2026-11-30T16:00:00.000Z", 480)).toBe("2026-12-01");
    expect(localDate("2026-11-30T16:00:00.000Z", 0)).toBe("2026-11-30");
  });

  it("leaves what is not a time as written", () => {
    expect(localDateTime("2024年5月", 480)).toBe("2024年5月");
  });
});
