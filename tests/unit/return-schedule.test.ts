import { describe, expect, it } from "vitest";
import { returnSchedule } from "~/models/projects/projects.server";
import { addDays } from "~/lib/dates";
import { notYetSubmittable, submissionOpensOn } from "~/models/returns/submission-window";

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

describe("when a return may be submitted", () => {
  it("from the day after its quarter ends, not on the quarter's last day", () => {
    expect(submissionOpensOn("2026-12-31", 0)).toBe("2027-01-01");
    expect(notYetSubmittable("2026-12-31", 0, "2026-12-06")).toBe(
      "You can submit this return from 1 January 2027, once the quarter has ended on 31 December 2026. You can fill it in and save it before then.",
    );
    expect(notYetSubmittable("2026-12-31", 0, "2026-12-31")).not.toBeNull();
    expect(notYetSubmittable("2026-12-31", 0, "2027-01-01")).toBeNull();
    expect(notYetSubmittable("2026-12-31", 0, "2027-05-01")).toBeNull();
  });

  it("in the quarter's last N days when the council allows early submission", () => {
    expect(submissionOpensOn("2026-12-31", 7)).toBe("2026-12-25");
    expect(notYetSubmittable("2026-12-31", 7, "2026-12-24")).toBe(
      "You can submit this return from 25 December 2026, in the last 7 days of the quarter. You can fill it in and save it before then.",
    );
    expect(notYetSubmittable("2026-12-31", 7, "2026-12-25")).toBeNull();
    expect(notYetSubmittable("2026-12-31", 1, "2026-12-30")).toBe(
      "You can submit this return from 31 December 2026, the last day of the quarter. You can fill it in and save it before then.",
    );
  });
});
