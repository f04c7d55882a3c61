import { describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/app/config.js";
import { isQingfengError, type QingfengError } from "../../bot/kernel/errors.js";

/** The error loadConfig throws for an environment (fails the test when it does not throw). */
function refusal(env: Record<string, string>): QingfengError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isQingfengError(error)) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

// Every numeric setting with the range start-up accepts (see .env.example).
const NUMERIC: [key: string, min: number, max: number, good: string][] = [
  ["PORT", 0, 65_535, "8080"],
  ["QINGFENG_LLM_TIMEOUT_MS", 500, 120_000, "15000"],
  ["QINGFENG_BROADCAST_CONCURRENCY", 1, 16, "8"],
  ["QINGFENG_QUIZ_SECONDS", 5, 600, "45"],
  ["QINGFENG_SHUTDOWN_TIMEOUT_MS", 100, 300_000, "2500"],
  ["QINGFENG_PLATFORM_TIMEOUT_MS", 100, 120_000, "3000"],
  ["QINGFENG_DELIVERY_RETENTION_DAYS", 1, 365, "30"],
];

describe("numeric settings are validated once, at start-up", () => {
  it.each(["abc", "0", "-5", "1e9"])(
    "QINGFENG_QUIZ_SECONDS=%s is refused with a coded error naming the key, the value and the range",
    (bad) => {
      const error = refusal({ QINGFENG_QUIZ_SECONDS: bad });
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toContain(
        `QINGFENG_QUIZ_SECONDS="${bad}" must be a whole number between 5 and 600`,
      );
      expect(error.hint).toContain("QINGFENG_QUIZ_SECONDS");
      expect(error.hint).toContain("between 5 and 600");
    },
  );

  it("QINGFENG_QUIZ_SECONDS=45 is taken, and unset is the default 30", () => {
    expect(loadConfig({ QINGFENG_QUIZ_SECONDS: "45" }).quizSeconds).toBe(45);
    expect(loadConfig({ QINGFENG_QUIZ_SECONDS: " 45 " }).quizSeconds).toBe(45);
    expect(loadConfig({}).quizSeconds).toBe(30);
  });

  // Number() reads these as numbers in range: a typo must not become a setting nobody wrote.
  it.each(["1e1", "0x1e", "30.0", "3e1", "+30", "0b11110", "30s"])(
    "QINGFENG_QUIZ_SECONDS=%s (not plain digits) is refused",
    (bad) => {
      expect(refusal({ QINGFENG_QUIZ_SECONDS: bad }).message).toContain(
        `QINGFENG_QUIZ_SECONDS="${bad}" must be a whole number between 5 and 600`,
      );
    },
  );

  it.each(NUMERIC)(
    "%s refuses words, fractions, out-of-range values and takes a good one",
    (key, min, max, good) => {
      for (const bad of ["abc", "1.5", String(min - 1), String(max + 1), "1e9", "-5"]) {
        const error = refusal({ [key]: bad });
        expect(error.code).toBe("CONFIG_INVALID");
        expect(error.message).toContain(
          `${key}="${bad}" must be a whole number between ${min} and ${max}`,
        );
        expect(error.hint).toContain(key);
      }
      expect(() => loadConfig({ [key]: good })).not.toThrow();
    },
  );

  it("names every bad key at once, each in the hint", () => {
    const error = refusal({ PORT: "http", QINGFENG_QUIZ_SECONDS: "abc" });
    expect(error.message).toContain('PORT="http"');
    expect(error.message).toContain('QINGFENG_QUIZ_SECONDS="abc"');
    expect(error.hint).toMatch(/PORT .*QINGFENG_QUIZ_SECONDS/);
  });

  it("reminder days and the UTC offset are numbers too: typos and impossible values are refused", () => {
    expect(refusal({ QINGFENG_CASE_REMINDER_DAYS: "1,1e1" }).message).toContain(
      'QINGFENG_CASE_REMINDER_DAYS="1,1e1" must be whole days between 1 and 60',
    );
    for (const bad of ["+08:99", "+25:00", "-13:00"])
      expect(refusal({ QINGFENG_UTC_OFFSET: bad }).message).toContain(
        `QINGFENG_UTC_OFFSET="${bad}"`,
      );
    expect(loadConfig({ QINGFENG_UTC_OFFSET: "-05:30" }).cases.utcOffsetMinutes).toBe(-330);
    expect(loadConfig({ QINGFENG_CASE_REMINDER_DAYS: "3, 1" }).cases.reminderDays).toEqual([1, 3]);
  });
});
