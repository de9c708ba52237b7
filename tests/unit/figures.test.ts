// One rule for figures (app/lib/figures.ts): every form that takes a figure or an amount
// of money answers the same text the same way.
import { describe, expect, it } from "vitest";
import { parseFigure, parsePoundsToPence, figureMessage } from "~/lib/figures";
import { indicatorFigureSchema } from "~/schemas/fields.server";
import { targetField, indicatorField } from "~/schemas/projects";
import { parseIndicatorRows } from "~/schemas/projects.server";
import { parseIndicatorSection, actualField } from "~/schemas/returns";
import { bidDraftSchema } from "~/schemas/bids.server";
import { parseContextValue } from "~/models/context/values";

describe("the one figure rule", () => {
  it.each([
    ["12", 12], ["1,200", 1200], ["1,234,567.5", 1234567.5], ["72.5", 72.5], [".5", 0.5], ["70%", 70], ["£1,500", 1500], [" 12 ", 12], ["", null],
  ])("reads %j as %j", (typed, value) => {
    expect(parseFigure(typed)).toEqual({ ok: true, value });
  });

  it.each([
    ["12,5", "invalid"], ["1,20", "invalid"], ["12.345", "decimals"], ["-3", "negative"], ["− 3", "negative"], ["abc", "invalid"], ["1e3", "invalid"],
    ["1,000,000,001", "too-big"], ["12 5", "invalid"],
  ])("refuses %j (%s)", (typed, problem) => {
    expect(parseFigure(typed)).toEqual({ ok: false, problem });
  });

  it("whole-number fields refuse fractions, however they are written", () => {
    for (const typed of ["12.5", ".5", "12.345"]) expect(parseFigure(typed, { whole: true })).toEqual({ ok: false, problem: "not-whole" });
    expect(parseFigure("12", { whole: true })).toEqual({ ok: true, value: 12 });
  });

  it("money is counted in pence from the digits", () => {
    expect(parsePoundsToPence("£1,234.5")).toBe(123450);
    expect(parsePoundsToPence("0.29")).toBe(29);
    expect(parsePoundsToPence(".5")).toBe(50);
    expect(parsePoundsToPence("12,5")).toBeNull();
    expect(parsePoundsToPence("12.345")).toBeNull();
    expect(parsePoundsToPence("-5")).toBeNull();
    expect(parsePoundsToPence("5%")).toBeNull();
  });

  it("words each problem for the field it is in", () => {
    expect(figureMessage("invalid", "the target for 2026-27 Q1")).toBe("The target for 2026-27 Q1 must be a number, like 20");
    expect(figureMessage("too-big", "the rate", { max: 100 })).toBe("The rate must be 100 or less");
  });
});

describe("every figure field gives the same answer", () => {
  const quarter = "2026-27 Q1";
  /** What each kind of field makes of a typed figure: a number, or "refused". */
  const fields: Record<string, (typed: string) => number | null | "refused"> = {
    "a bid's target": (typed) => {
      const values = {
        [indicatorField(0, "kind")]: "outcome", [indicatorField(0, "name")]: "Families", [indicatorField(0, "definition")]: "d",
        [indicatorField(0, "unit")]: "score", [targetField(0, quarter)]: typed,
      };
      const parsed = bidDraftSchema({ quarters: [quarter], districtIds: [], questions: [] } as never, values).safeParse(values);
      if (!parsed.success) return "refused";
      return (parsed.data as { indicators: { targets: Record<string, number> }[] }).indicators[0].targets[quarter] ?? null;
    },
    "a project plan's target": (typed) => {
      const errors = {};
      const values = {
        [indicatorField(0, "kind")]: "outcome", [indicatorField(0, "name")]: "Families", [indicatorField(0, "definition")]: "d",
        [indicatorField(0, "unit")]: "score", [indicatorField(0, "measure")]: "per_quarter", [indicatorField(0, "direction")]: "higher",
        [targetField(0, quarter)]: typed,
      };
      const rows = parseIndicatorRows(values, [quarter], errors);
      return Object.keys(errors).some((k) => k.includes("target")) ? "refused" : rows[0].targets[quarter] ?? null;
    },
    "a return's actual": (typed) => {
      const { entries, errors } = parseIndicatorSection({ [actualField("i1")]: typed, [`comment.i1`]: "why" }, [{ id: "i1", name: "Families", unit: "score", target: null }], false);
      return errors[actualField("i1")] ? "refused" : entries[0].actual;
    },
    "a context value": (typed) => {
      const checked = parseContextValue(typed);
      return checked.ok ? checked.value : "refused";
    },
    "a bare schema field": (typed) => {
      const parsed = indicatorFigureSchema("The figure", "score").safeParse(typed);
      return parsed.success ? parsed.data : "refused";
    },
  };

  it.each([["12,5", "refused"], ["12.345", "refused"], [".5", 0.5], ["1,200", 1200]] as const)("%j", (typed, expected) => {
    for (const [field, read] of Object.entries(fields)) expect({ field, value: read(typed) }).toEqual({ field, value: expected });
  });
});
