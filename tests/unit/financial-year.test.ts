import { describe, expect, it } from "vitest";
import {
  financialYearDates, financialYearLabel, financialYearOf, nextQuarter, parseFinancialYear, parseQuarterLabel,
  previousQuarter, quarterDates, quarterLabel, quarterMonths, quarterOf, quartersBetween,
} from "~/lib/financial-year";

describe("financial years run April to March", () => {
  it("puts 31 March in the year before and 1 April in the new one", () => {
    expect(financialYearOf("2026-03-31")).toBe(2025);
    expect(financialYearOf("2026-04-01")).toBe(2026);
    expect(financialYearOf("2026-01-15")).toBe(2025);
  });

  it("names years like 2025-26, across the century too", () => {
    expect(financialYearLabel(2025)).toBe("2025-26");
    expect(financialYearLabel(1999)).toBe("1999-00");
    expect(parseFinancialYear("2025-26")).toBe(2025);
    expect(parseFinancialYear("2025-27")).toBeNull();
    expect(parseFinancialYear("nonsense")).toBeNull();
  });

  it("gives a year's first and last days", () => {
    expect(financialYearDates(2025)).toEqual({ start: "2025-04-01", end: "2026-03-31" });
  });
});

describe("quarters", () => {
  it("2025-26 Q1 is April–June 2025", () => {
    expect(quarterDates({ year: 2025, quarter: 1 })).toEqual({ start: "2025-04-01", end: "2025-06-30" });
    expect(quarterMonths({ year: 2025, quarter: 1 })).toBe("April–June 2025");
  });

  it("2025-26 Q4 is January–March 2026", () => {
    expect(quarterDates({ year: 2025, quarter: 4 })).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(quarterMonths({ year: 2025, quarter: 4 })).toBe("January–March 2026");
  });

  it("Q3 ends on 31 December and Q2 on 30 September", () => {
    expect(quarterDates({ year: 2025, quarter: 2 }).end).toBe("2025-09-30");
    expect(quarterDates({ year: 2025, quarter: 3 }).end).toBe("2025-12-31");
  });

  it("finds the quarter of a date and names it", () => {
    expect(quarterLabel(quarterOf("2025-05-10"))).toBe("2025-26 Q1");
    expect(quarterLabel(quarterOf("2025-12-31"))).toBe("2025-26 Q3");
    expect(quarterLabel(quarterOf("2026-02-28"))).toBe("2025-26 Q4");
    expect(quarterLabel(quarterOf("2026-04-01"))).toBe("2026-27 Q1");
  });

  it("parses quarter names and refuses bad ones", () => {
    expect(parseQuarterLabel("2025-26 Q3")).toEqual({ year: 2025, quarter: 3 });
    expect(parseQuarterLabel("2025-26 Q5")).toBeNull();
    expect(parseQuarterLabel("2025-27 Q1")).toBeNull();
  });

  it("steps across the year boundary", () => {
    expect(nextQuarter({ year: 2025, quarter: 4 })).toEqual({ year: 2026, quarter: 1 });
    expect(previousQuarter({ year: 2026, quarter: 1 })).toEqual({ year: 2025, quarter: 4 });
  });

  it("lists the quarters a contract spans", () => {
    expect(quartersBetween("2025-10-01", "2026-09-30").map(quarterLabel)).toEqual([
      "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2",
    ]);
    expect(() => quartersBetween("2026-01-01", "2025-01-01")).toThrow(RangeError);
  });
});
