// Working days as the Procurement Act counts them (no UK bank holiday in any of its parts) and
// its 8-working-day standstill, counted by hand across each year's end (Christmas, Boxing
// Day, New Year, Scotland's 2 January and their substitutes), Easter, and the Scottish and
// Northern Irish holidays.
import { describe, expect, it } from "vitest";
import { isWorkingDay, standstill } from "~/lib/working-days";

describe("working days", () => {
  it("leave out weekends and bank holidays, substitutes included", () => {
    expect(isWorkingDay("2026-12-24")).toBe(true);
    expect(isWorkingDay("2026-12-25")).toBe(false);
    expect(isWorkingDay("2026-12-26")).toBe(false); // Saturday
    expect(isWorkingDay("2026-12-28")).toBe(false); // Boxing Day's substitute
    expect(isWorkingDay("2028-01-03")).toBe(false); // New Year's Day's substitute
    expect(isWorkingDay("2026-04-06")).toBe(false); // Easter Monday
    expect(isWorkingDay("2026-01-02")).toBe(false); // Scotland
    expect(isWorkingDay("2026-03-17")).toBe(false); // Northern Ireland
    expect(isWorkingDay("2026-08-03")).toBe(false); // Scotland's summer holiday
  });

  it("are refused outside the table rather than counted wrongly", () => {
    expect(() => isWorkingDay("2031-01-03")).toThrow(RangeError);
    expect(() => isWorkingDay("2023-12-29")).toThrow(RangeError);
  });
});

describe("the standstill", () => {
  // [notice published, the standstill's last day, the contract may be entered from]
  const cases: [string, string, string][] = [
    ["2026-12-07", "2026-12-16", "2026-12-17"], // an ordinary fortnight
    ["2026-04-01", "2026-04-14", "2026-04-15"], // across Easter 2026
    ["2026-07-08", "2026-07-20", "2026-07-21"], // across the Battle of the Boyne's substitute (Northern Ireland)
    ["2026-11-25", "2026-12-07", "2026-12-08"], // across St Andrew's Day (Scotland)
    ["2024-12-20", "2025-01-06", "2025-01-07"], // 2024 into 2025: 1 and 2 January
    ["2025-12-19", "2026-01-05", "2026-01-06"], // 2025 into 2026
    ["2026-12-22", "2027-01-06", "2027-01-07"], // 2026 into 2027: Boxing Day on a Saturday, 2 January's substitute on the 4th
    ["2027-12-21", "2028-01-05", "2028-01-06"], // 2027 into 2028: Christmas at a weekend, New Year on a Saturday
    ["2028-12-20", "2029-01-04", "2029-01-05"], // 2028 into 2029: New Year on a Monday
    ["2029-12-19", "2030-01-03", "2030-01-04"], // 2029 into 2030
    ["2030-12-18", "2030-12-31", "2031-01-01"], // 2030 to its last day
    ["2026-12-05", "2026-12-16", "2026-12-17"], // published on a Saturday: counting starts on Monday
  ];
  it.each(cases)("after a notice on %s, ends on %s and the contract may be entered from %s", (notice, lastDay, contractFrom) => {
    expect(standstill(notice)).toEqual({ lastDay, contractFrom });
  });
});
