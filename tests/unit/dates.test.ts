import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "~/lib/dates";

describe("dates as GOV.UK writes them, in UK time", () => {
  it("writes dates in full", () => {
    expect(formatDate("2025-11-03")).toBe("3 November 2025");
    expect(formatDate("2026-03-31T23:30:00.000Z")).toBe("1 April 2026"); // 00:30 BST
    expect(formatDate(null)).toBe("");
  });

  it("writes noon as 12:00pm and midnight as 12:00am, never 0:00", () => {
    expect(formatDateTime("2027-07-01T11:00:00.000Z")).toBe("1 July 2027, 12:00pm");
    expect(formatDateTime("2027-01-01T00:05:00.000Z")).toBe("1 January 2027, 12:05am");
  });

  it("follows British Summer Time", () => {
    expect(formatDateTime("2026-05-03T09:42:00.000Z")).toBe("3 May 2026, 10:42am");
    expect(formatDateTime("2026-12-03T09:42:00.000Z")).toBe("3 December 2026, 9:42am");
  });
});
