import { describe, expect, it } from "vitest";
import { demoContextValue, DEMO_CONTEXT_QUARTERS } from "../../demo/context";
import { compareQuarters, contextQuarterFrom, lastEndedQuarter, lastQuarters } from "~/models/context/quarters";
import { contextValueMessage, parseContextValue } from "~/models/context/values";
import { checkContextImport, type ImportLookups } from "~/models/context/import.server";
import { parseCsv } from "~/lib/csv-read";

describe("parseCsv", () => {
  it("reads plain rows with CRLF, LF and a final line with no break", () => {
    expect(parseCsv("a,b\r\nc,d\ne,f")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["c", "d"] },
      { line: 3, cells: ["e", "f"] },
    ]);
  });

  it("drops a byte-order mark and keeps empty fields", () => {
    expect(parseCsv("\uFEFFdistrict,value\r\nChorley,\r\n")).toEqual([
      { line: 1, cells: ["district", "value"] },
      { line: 2, cells: ["Chorley", ""] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks, counting lines as a text editor does", () => {
    const records = parseCsv('name,note\r\n"Smith, J","said ""hello"""\r\n"two\r\nlines",x\r\nlast,"")\r\n');
    expect(records).toEqual([
      { line: 1, cells: ["name", "note"] },
      { line: 2, cells: ["Smith, J", 'said "hello"'] },
      { line: 3, cells: ["two\r\nlines", "x"] },
      { line: 5, cells: ["last", ")"] },
    ]);
  });

  it("reports a quote that is never closed, with the line it opened on", () => {
    expect(parseCsv('a,b\n"open,1\n2,3\n')).toEqual({ unclosedQuoteAt: 2 });
  });
});

describe("parseContextValue", () => {
  it("accepts blanks, whole numbers, up to 2 decimal places and thousands separators", () => {
    expect(parseContextValue("")).toEqual({ ok: true, value: null });
    expect(parseContextValue("  ")).toEqual({ ok: true, value: null });
    expect(parseContextValue("0")).toEqual({ ok: true, value: 0 });
    expect(parseContextValue(" 120 ")).toEqual({ ok: true, value: 120 });
    expect(parseContextValue("12.5")).toEqual({ ok: true, value: 12.5 });
    expect(parseContextValue("0.25")).toEqual({ ok: true, value: 0.25 });
    expect(parseContextValue("1,234.05")).toEqual({ ok: true, value: 1234.05 });
  });

  it("refuses negatives, text, too many decimals, misplaced commas and huge numbers", () => {
    expect(parseContextValue("-3")).toEqual({ ok: false, problem: "negative" });
    expect(parseContextValue("twelve")).toEqual({ ok: false, problem: "not-a-number" });
    expect(parseContextValue("1.234")).toEqual({ ok: false, problem: "decimals" });
    expect(parseContextValue("1,23")).toEqual({ ok: false, problem: "not-a-number" });
    expect(parseContextValue("1e5")).toEqual({ ok: false, problem: "not-a-number" });
    expect(parseContextValue("10000001")).toEqual({ ok: false, problem: "too-large" });
  });

  it("words each problem for the cell it is in", () => {
    expect(contextValueMessage("negative", "Looked-after children", "2026-27 Q1")).toBe("Looked-after children in 2026-27 Q1 must be 0 or more");
    expect(contextValueMessage("not-a-number", "Looked-after children", "2026-27 Q1")).toBe(
      "Enter Looked-after children in 2026-27 Q1 as a number, like 120 or 12.5, or leave it blank",
    );
  });
});

describe("quarters for the grid", () => {
  it("lastQuarters gives the n quarters ending with the one asked, oldest first, across years", () => {
    expect(lastQuarters("2026-27 Q2", 8)).toEqual([
      "2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2",
    ]);
    expect(lastQuarters("2026-27 Q1", 1)).toEqual(["2026-27 Q1"]);
    expect(() => lastQuarters("Q1 2026", 2)).toThrow(RangeError);
  });

  it("the default is the latest quarter that has ended, and a future one is not offered", () => {
    expect(lastEndedQuarter("2026-12-06")).toBe("2026-27 Q2");
    expect(lastEndedQuarter("2026-04-01")).toBe("2025-26 Q4");
    expect(lastEndedQuarter("2026-03-31")).toBe("2025-26 Q3");
    expect(contextQuarterFrom(null, "2026-12-06")).toBe("2026-27 Q2");
    expect(contextQuarterFrom("2025-26 Q1", "2026-12-06")).toBe("2025-26 Q1");
    expect(contextQuarterFrom("2026-27 Q4", "2026-12-06")).toBe("2026-27 Q2");
    expect(contextQuarterFrom("rubbish", "2026-12-06")).toBe("2026-27 Q2");
    expect(compareQuarters("2099-00 Q1", "2100-01 Q1")).toBeLessThan(0);
  });
});

describe("checkContextImport", () => {
  const lookups: ImportLookups = {
    districts: [
      { id: "district-chorley", name: "Chorley", onsCode: "E07000118" },
      { id: "district-preston", name: "Preston", onsCode: "E07000123" },
    ],
    indicators: [
      { id: "context-referrals", code: "referrals", name: "Referrals to children's social care", isActive: true },
      { id: "context-cp-plans", code: "cp-plans", name: "Children on child protection plans", isActive: true },
      { id: "context-old", code: "old", name: "Old measure", isActive: false },
    ],
    mayEdit: (id) => id === "district-chorley",
    latestQuarter: "2026-27 Q2",
  };

  it("reads districts by name or ONS code and indicators by code or name, whatever their case", () => {
    const result = checkContextImport(
      "\uFEFFDistrict,Quarter,Indicator,Value\r\n" +
        "chorley,2026-27 Q1,referrals,120\r\n" +
        "E07000118,2026-27 q2,\"Children on child protection plans\",\"1,204.5\"\r\n" +
        "CHORLEY,2025-26 Q4,Referrals to children's social care,\r\n",
      lookups,
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, districtId: "district-chorley", districtName: "Chorley", indicatorId: "context-referrals", indicatorCode: "referrals", quarter: "2026-27 Q1", value: 120 },
        { line: 3, districtId: "district-chorley", districtName: "Chorley", indicatorId: "context-cp-plans", indicatorCode: "cp-plans", quarter: "2026-27 Q2", value: 1204.5 },
        { line: 4, districtId: "district-chorley", districtName: "Chorley", indicatorId: "context-referrals", indicatorCode: "referrals", quarter: "2025-26 Q4", value: null },
      ],
    });
  });

  it("accepts the columns in any order and skips blank lines", () => {
    const result = checkContextImport("value,indicator,quarter,district\n\n7,referrals,2026-27 Q1,Chorley\n\n", lookups);
    expect(result.ok && result.rows.map((r) => [r.line, r.value])).toEqual([[3, 7]]);
  });

  it("reports every bad row with its line and reason, and duplicates", () => {
    const result = checkContextImport(
      [
        "district,quarter,indicator,value",
        "Chorley,2026-27 Q1,referrals,120", // 2: fine
        "Prestn,2026-27 Q1,referrals,10", // 3
        "Preston,2026-27 Q1,referrals,10", // 4: not theirs
        "Chorley,Q1 2026,referrals,10", // 5
        "Chorley,2026-27 Q1,nonsense,10", // 6
        "Chorley,2026-27 Q1,old,10", // 7
        "Chorley,2026-27 Q1,cp-plans,-4", // 8
        "Chorley,2026-27 Q1,cp-plans,lots", // 9
        "Chorley,2026-27 Q1,REFERRALS,121", // 10: repeats 2
        ",,,", // blank: skipped
        "Chorley,,cp-plans,1.234", // 12
        "Chorley,2026-27 Q3,cp-plans,1", // 13: not ended
      ].join("\n"),
      lookups,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        "Line 3: no district called 'Prestn'",
        "Line 4: you cannot enter figures for Preston",
        "Line 5: 'Q1 2026' is not a quarter: write it like 2026-27 Q1",
        "Line 6: no indicator called 'nonsense'",
        "Line 7: the indicator 'Old measure' is no longer in use",
        "Line 8: the value must be 0 or more",
        "Line 9: 'lots' is not a number: write it like 120 or 12.5, or leave it blank",
        "Line 10: repeats line 2 (Chorley, 2026-27 Q1, referrals)",
        "Line 12: the quarter is missing; the value must have no more than 2 decimal places",
        "Line 13: 2026-27 Q3 has not ended yet",
      ],
    });
  });

  it("needs the header, and says which columns are missing or unknown", () => {
    expect(checkContextImport("Chorley,2026-27 Q1,referrals,120\n", lookups)).toEqual({
      ok: false,
      problems: [
        "Line 1: the first line must be the header district,quarter,indicator,value (missing: district, quarter, indicator, value)",
        "Line 1: unknown column 'Chorley': the columns are district,quarter,indicator,value",
        "Line 1: unknown column '2026-27 Q1': the columns are district,quarter,indicator,value",
        "Line 1: unknown column 'referrals': the columns are district,quarter,indicator,value",
        "Line 1: unknown column '120': the columns are district,quarter,indicator,value",
      ],
    });
    expect(checkContextImport("district,quarter,indicator,value,notes\nChorley,2026-27 Q1,referrals,1,x\n", lookups)).toEqual({
      ok: false,
      problems: ["Line 1: unknown column 'notes': the columns are district,quarter,indicator,value"],
    });
    expect(checkContextImport("", lookups)).toEqual({ ok: false, problems: ["The file is empty"] });
    expect(checkContextImport("district,quarter,indicator,value\r\n", lookups)).toEqual({
      ok: false, problems: ["The file has a header but no rows of figures"],
    });
    expect(checkContextImport('district,quarter,indicator,value\n"Chorley,2026-27 Q1,referrals,1\n', lookups)).toEqual({
      ok: false, problems: ['Line 2: a quoted value is never closed (a " is missing)'],
    });
  });

  it("refuses a file with more than 5,000 rows", () => {
    const lines = ["district,quarter,indicator,value", ...Array.from({ length: 5001 }, () => "Chorley,2026-27 Q1,referrals,1")];
    expect(checkContextImport(lines.join("\n"), lookups)).toEqual({
      ok: false,
      problems: ["The file has 5,001 rows: import at most 5,000 at a time by splitting it into smaller files"],
    });
  });
});

describe("demo context figures", () => {
  it("are deterministic whole numbers, larger in Preston than in Ribble Valley", () => {
    expect(DEMO_CONTEXT_QUARTERS).toEqual(lastQuarters("2026-27 Q2", 8));
    const preston = demoContextValue(6, 1.5 * 1.4, 0, 0);
    const ribbleValley = demoContextValue(7, 0.62 * 0.55, 0, 0);
    expect(preston).toBe(demoContextValue(6, 1.5 * 1.4, 0, 0));
    expect(Number.isInteger(preston)).toBe(true);
    expect(preston).toBeGreaterThan(4 * ribbleValley);
  });
});
