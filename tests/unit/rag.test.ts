// RAG with the default thresholds (green 95%, amber 80%; spend ±10% green, ±20% amber),
// passed in from the settings as every caller does, plus a council's own thresholds.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "~/models/admin/settings.server";
import {
  formatPercent, formatVariance, indicatorRag, indicatorRagForQuarter, RAG_LABELS, ragThresholds, figuresToDate, spendRag,
  type QuarterFigure,
} from "~/models/projects/rag.server";

const t = ragThresholds(DEFAULT_SETTINGS);
const higher = (actual: number, target: number) => indicatorRag({ actual, target, direction: "higher" }, t);
const lower = (actual: number, target: number) => indicatorRag({ actual, target, direction: "lower" }, t);
const spend = (actualPence: number, profilePence: number) => spendRag({ actualPence, profilePence }, t);

describe("the thresholds", () => {
  it("come from the settings", () => {
    expect(t).toEqual({ greenPercent: 95, amberPercent: 80, spendGreenVariancePercent: 10, spendAmberVariancePercent: 20 });
  });

  it("label every RAG in words, so colour is never the only signal", () => {
    expect(RAG_LABELS).toEqual({ green: "Green", amber: "Amber", red: "Red" });
    expect(higher(10, 10).label).toBe("Green");
    expect(spend(0, 100).label).toBe("Red");
  });
});

describe("achievement when higher is better", () => {
  it("is green at exactly 95% and above, amber at exactly 80% up to 95%, red below 80%", () => {
    expect(higher(95, 100)).toEqual({ rag: "green", label: "Green", achievementPercent: 95 });
    expect(higher(19, 20).rag).toBe("green"); // 95% exactly, from a division that is not exact in binary
    expect(higher(120, 100).rag).toBe("green");
    expect(higher(94.99, 100).rag).toBe("amber");
    expect(higher(80, 100)).toEqual({ rag: "amber", label: "Amber", achievementPercent: 80 });
    expect(higher(8, 10).rag).toBe("amber");
    expect(higher(79.99, 100).rag).toBe("red");
    expect(higher(7, 10)).toEqual({ rag: "red", label: "Red", achievementPercent: 70 });
    expect(higher(0, 10).rag).toBe("red");
  });

  it("holds the boundaries for decimal figures too", () => {
    // 66.5 of 70 is exactly 95%; 56 of 70 exactly 80%.
    expect(higher(66.5, 70).rag).toBe("green");
    expect(higher(56, 70).rag).toBe("amber");
    expect(higher(55.99, 70).rag).toBe("red");
    expect(higher(0.95 * 3, 3).rag).toBe("green");
  });

  it("treats a target of 0 as met by any actual of 0 or more", () => {
    expect(higher(0, 0)).toEqual({ rag: "green", label: "Green", achievementPercent: null });
    expect(higher(5, 0).rag).toBe("green");
  });
});

describe("achievement when lower is better", () => {
  it("is target ÷ actual, with the same boundaries", () => {
    // 19 ÷ 20 = 95%: green; 8 ÷ 10 = 80%: amber; 7 ÷ 10: red.
    expect(lower(20, 19)).toEqual({ rag: "green", label: "Green", achievementPercent: 95 });
    expect(lower(10, 8)).toEqual({ rag: "amber", label: "Amber", achievementPercent: 80 });
    expect(lower(10, 7).rag).toBe("red");
    expect(lower(5, 10).rag).toBe("green"); // better than the target
    expect(lower(100, 95).rag).toBe("green");
    expect(lower(100.01, 95).rag).toBe("amber");
    expect(lower(125, 100).rag).toBe("amber"); // exactly 80%
    expect(lower(125.01, 100).rag).toBe("red");
  });

  it("is green for an actual of 0 whatever the target, and for a target of 0 only when the actual is 0", () => {
    expect(lower(0, 10)).toEqual({ rag: "green", label: "Green", achievementPercent: null });
    expect(lower(0, 0).rag).toBe("green");
    expect(lower(1, 0).rag).toBe("red");
  });
});

describe("cumulative indicators", () => {
  // Providers enter a cumulative indicator as a running total to date, and its targets are
  // running totals too.
  const series: QuarterFigure[] = [
    { quarter: "2026-27 Q1", actual: 5, target: 10 },
    { quarter: "2026-27 Q2", actual: 19, target: 20 },
    { quarter: "2026-27 Q3", actual: null, target: 30 },
    { quarter: "2026-27 Q4", actual: null, target: 40 },
  ];

  it("compare the running total with the target to date: 19 of 20 is exactly 95%, green", () => {
    const q2 = indicatorRagForQuarter({ measure: "cumulative", direction: "higher" }, series, "2026-27 Q2", t);
    expect(q2).toEqual({ rag: "green", label: "Green", achievementPercent: 95, compared: { actual: 19, target: 20 } });
    const q1 = indicatorRagForQuarter({ measure: "cumulative", direction: "higher" }, series, "2026-27 Q1", t);
    expect(q1).toEqual({ rag: "red", label: "Red", achievementPercent: 50, compared: { actual: 5, target: 10 } });
    expect(indicatorRagForQuarter({ measure: "cumulative", direction: "higher" }, series, "2026-27 Q3", t)).toBeNull();
  });

  it("take the latest running total as the figure to date, not a sum", () => {
    expect(figuresToDate("cumulative", series, "2026-27 Q2")).toEqual({ actual: 19, target: 20, quarters: 2 });
    // Q3 not yet reported: the total to date is still Q2's, against Q3's target.
    expect(figuresToDate("cumulative", series, "2026-27 Q3")).toEqual({ actual: 19, target: 30, quarters: 3 });
  });

  it("respect lower-is-better on the running totals", () => {
    const incidents: QuarterFigure[] = [
      { quarter: "2026-27 Q1", actual: 6, target: 5 },
      { quarter: "2026-27 Q2", actual: 10, target: 10 },
    ];
    // Q1: 5 ÷ 6 = 83%: amber. To Q2: 10 against 10: green.
    expect(indicatorRagForQuarter({ measure: "cumulative", direction: "lower" }, incidents, "2026-27 Q1", t)?.rag).toBe("amber");
    expect(indicatorRagForQuarter({ measure: "cumulative", direction: "lower" }, incidents, "2026-27 Q2", t)?.rag).toBe("green");
  });
});

describe("per-quarter indicators", () => {
  const series: QuarterFigure[] = [
    { quarter: "2026-27 Q1", actual: 5, target: 10 },
    { quarter: "2026-27 Q2", actual: 14, target: 10 },
    { quarter: "2026-27 Q3", actual: null, target: 10 },
  ];

  it("compare the quarter alone", () => {
    const q1 = indicatorRagForQuarter({ measure: "per_quarter", direction: "higher" }, series, "2026-27 Q1", t);
    expect(q1).toEqual({ rag: "red", label: "Red", achievementPercent: 50, compared: { actual: 5, target: 10 } });
    expect(indicatorRagForQuarter({ measure: "per_quarter", direction: "higher" }, series, "2026-27 Q2", t)?.rag).toBe("green");
    // Nothing reported: no RAG at all, rather than a red for a figure nobody gave.
    expect(indicatorRagForQuarter({ measure: "per_quarter", direction: "higher" }, series, "2026-27 Q3", t)).toBeNull();
  });

  it("add the quarters up for the year to date, targets of unreported quarters included", () => {
    expect(figuresToDate("per_quarter", series, "2026-27 Q2")).toEqual({ actual: 19, target: 20, quarters: 2 });
    expect(figuresToDate("per_quarter", series, "2026-27 Q3")).toEqual({ actual: 19, target: 30, quarters: 3 });
  });
});

describe("spend against the profile", () => {
  it("is green within ±10% inclusive, amber within ±20% inclusive, red beyond", () => {
    expect(spend(500_000, 500_000)).toEqual({ rag: "green", label: "Green", variancePercent: 0 });
    expect(spend(550_000, 500_000)).toEqual({ rag: "green", label: "Green", variancePercent: 10 });
    expect(spend(450_000, 500_000)).toEqual({ rag: "green", label: "Green", variancePercent: -10 });
    expect(spend(550_001, 500_000).rag).toBe("amber");
    expect(spend(449_999, 500_000).rag).toBe("amber");
    expect(spend(600_000, 500_000)).toEqual({ rag: "amber", label: "Amber", variancePercent: 20 });
    expect(spend(400_000, 500_000)).toEqual({ rag: "amber", label: "Amber", variancePercent: -20 });
    expect(spend(600_001, 500_000).rag).toBe("red");
    expect(spend(399_999, 500_000).rag).toBe("red");
    expect(spend(0, 500_000).rag).toBe("red");
  });

  it("holds the boundaries when the percentage is not a whole number of pence", () => {
    // 10% of £333.33 is 3,333.3 pence: 36,666 pence (+9.9999%) is green, 36,667 amber.
    expect(spend(36_666, 33_333).rag).toBe("green");
    expect(spend(36_667, 33_333).rag).toBe("amber");
  });

  it("with a profile of 0 is green only when nothing was spent", () => {
    expect(spend(0, 0)).toEqual({ rag: "green", label: "Green", variancePercent: null });
    expect(spend(1, 0)).toEqual({ rag: "red", label: "Red", variancePercent: null });
  });

  it("follows a council's own thresholds", () => {
    const strict = ragThresholds({ ...DEFAULT_SETTINGS, spend_green_variance_percent: 5, spend_amber_variance_percent: 15, rag_green_percent: 100, rag_amber_percent: 90 });
    expect(spendRag({ actualPence: 106, profilePence: 100 }, strict).rag).toBe("amber");
    expect(spendRag({ actualPence: 115, profilePence: 100 }, strict).rag).toBe("amber");
    expect(spendRag({ actualPence: 116, profilePence: 100 }, strict).rag).toBe("red");
    expect(indicatorRag({ actual: 99, target: 100, direction: "higher" }, strict).rag).toBe("amber");
    expect(indicatorRag({ actual: 90, target: 100, direction: "higher" }, strict).rag).toBe("amber");
    expect(indicatorRag({ actual: 89, target: 100, direction: "higher" }, strict).rag).toBe("red");
  });
});

describe("percentages in words", () => {
  it("show one decimal place at most, and variances with their sign", () => {
    expect(formatPercent(95)).toBe("95%");
    expect(formatPercent(102.46)).toBe("102.5%");
    expect(formatPercent(null)).toBe("–");
    expect(formatVariance(12.5)).toBe("+12.5%");
    expect(formatVariance(-3)).toBe("-3%");
    expect(formatVariance(0)).toBe("0%");
  });
});
