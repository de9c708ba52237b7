import { describe, expect, it } from "vitest";
import { returnSchedule } from "~/models/projects/projects.server";
import { addDays } from "~/lib/dates";

describe("the schedule of quarterly returns", () => {
  it("has a return for every quarter a project runs in, across a financial year boundary", () => {
    const schedule = returnSchedule("2026-10-15", "2027-09-30", 21);
    expect(schedule.map((r) => [r.quarter, r.periodStart, r.periodEnd, r.dueDate])).toEqual([
      ["2026-27 Q3", "2026-10-01", "2026-12-31", "2027-01-21"],
      ["2026-27 Q4", "2027-01-01", "2027-03-31", "2027-04-21"],
      ["2027-28 Q1", "2027-04-01", "2027-06-30", "2027-07-21"],
      ["2027-28 Q2", "2027-07-01", "2027-09-30", "2027-10-21"],
    ]);
    expect(schedule.map((r) => r.financialYear)).toEqual([2026, 2026, 2027, 2027]);
  });

  it("follows the due-days setting", () => {
    expect(returnSchedule("2026-04-01", "2026-06-30", 30)[0].dueDate).toBe("2026-07-30");
  });

  it("adds days across month and year ends, and in leap years", () => {
    expect(addDays("2027-12-31", 21)).toBe("2028-01-21");
    expect(addDays("2028-02-10", 21)).toBe("2028-03-02");
    expect(addDays("2027-02-10", 21)).toBe("2027-03-03");
  });
});
