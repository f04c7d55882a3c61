import { describe, expect, it } from "vitest";
import { plural } from "../../../lib/text/plural.js";

describe("English counts", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, "document")).toBe("1 document");
    expect(plural(2, "document")).toBe("2 documents");
    expect(plural(0, "clause")).toBe("0 clauses");
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(5, "person", "people")).toBe("5 people");
  });
});
