import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ContextTrendChart, RagCountsChart, SpendProfileChart } from "~/components/profile-charts";
import { niceScale, ragChart, ragChartDescription, spendChart, spendChartDescription, trendChart, trendChartDescription } from "~/profiles/charts";
import { formatPerPound, ragWord, trendWord, visitGradeText } from "~/profiles/labels";
import type { ProfileContextSeries } from "~/profiles/types";
import { sampleProfile } from "../helpers/sample-profile";
import { formatGeneratedAt } from "~/lib/dates";

const profile = sampleProfile();
/** Every number in a chart, however deep: JSON.stringify would hide NaN as null. */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

function expectAllFinite(value: unknown) {
  const numbers = numbersIn(value);
  expect(numbers.length).toBeGreaterThan(0);
  expect(numbers.filter((n) => !Number.isFinite(n))).toEqual([]);
}

const zeroRag = { outputs: { green: 0, amber: 0, red: 0 }, outcomes: { green: 0, amber: 0, red: 0 }, spend: { green: 0, amber: 0, red: 0 } };

function series(values: (number | null)[]): ProfileContextSeries {
  return { indicatorId: "ctx", code: "CTX", name: "Referrals", points: values.map((value, i) => ({ quarter: `2026-27 Q${(i % 4) + 1}`, value })) };
}

describe("niceScale", () => {
  it("rounds the top of the axis up to a round step", () => {
    expect(niceScale(32_000, 4)).toEqual({ max: 40_000, ticks: [0, 10_000, 20_000, 30_000, 40_000] });
    expect(niceScale(431, 3, true)).toEqual({ max: 600, ticks: [0, 200, 400, 600] });
    expect(niceScale(23, 3, true)).toEqual({ max: 30, ticks: [0, 10, 20, 30] });
    expect(niceScale(2, 3, true)).toEqual({ max: 2, ticks: [0, 1, 2] });
  });

  it("gives a usable scale for all-zero or empty data instead of dividing by zero", () => {
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0] });
    expect(niceScale(Number.NEGATIVE_INFINITY)).toEqual({ max: 1, ticks: [0] });
  });
});

describe("spendChart", () => {
  const chart = spendChart(profile.spendByQuarter, { width: 480, height: 240, fontSize: 12 });
  const plotHeight = chart.plot.bottom - chart.plot.top;

  it("scales the bars to approved spend on a round axis in pounds", () => {
    expect(chart.yTicks.map((t) => t.label)).toEqual(["£0", "£10,000", "£20,000", "£30,000", "£40,000"]);
    expect(chart.yTicks[0].y).toBe(chart.plot.bottom);
    expect(chart.yTicks[4].y).toBe(chart.plot.top);
    const [q1, q2, q3, q4] = chart.bars;
    expect(q1.height).toBeCloseTo((24_800 / 40_000) * plotHeight, 1);
    expect(q2.height).toBeCloseTo((27_510 / 40_000) * plotHeight, 1);
    expect(q1.height / q2.height).toBeCloseTo(2_480_000 / 2_751_000, 3);
    expect(q1.y + q1.height).toBeCloseTo(chart.plot.bottom, 1);
    // Quarters not yet reported have no bar at all, not a zero that reads as "nothing spent".
    expect([q3.height, q4.height]).toEqual([0, 0]);
    expect([q3.actualPence, q4.actualPence]).toEqual([null, null]);
  });

  it("puts a profile marker above the middle of each quarter's bar", () => {
    expect(chart.profilePoints).toHaveLength(4);
    chart.profilePoints.forEach((p, i) => {
      expect(p.x).toBeCloseTo(chart.bars[i].x + chart.bars[i].width / 2, 1);
    });
    expect(chart.profilePoints[3].y).toBeCloseTo(chart.plot.bottom - (32_000 / 40_000) * plotHeight, 1);
    expect(chart.profilePath.startsWith(`M${chart.profilePoints[0].x} ${chart.profilePoints[0].y} L`)).toBe(true);
    expect(chart.xLabels.map((l) => l.text)).toEqual(["Q1", "Q2", "Q3", "Q4"]);
  });

  it("copes with no spend and no profile", () => {
    const zero = spendChart([{ quarter: "2026-27 Q1", profilePence: 0, actualPence: 0 }]);
    expect(zero.bars[0].height).toBe(0);
    expect(zero.profilePoints[0].y).toBe(zero.plot.bottom);
    expect(zero.yTicks.map((t) => t.label)).toEqual(["£0"]);
    const empty = spendChart([]);
    expect(empty.bars).toEqual([]);
    expect(empty.profilePath).toBe("");
    expectAllFinite([zero, empty]);
  });

  it("describes itself in words", () => {
    expect(spendChartDescription(profile.spendByQuarter)).toBe(
      "Approved spend (bars) against the spend profile (line) for each quarter. Q1: £24,800 spent against a profile of £26,000; " +
        "Q2: £27,510 spent against a profile of £29,000; Q3: not yet reported, profile £30,000; Q4: not yet reported, profile £32,000.",
    );
  });
});

describe("ragChart", () => {
  it("sizes bars by count against the largest count and labels each with its count and word", () => {
    const chart = ragChart(profile.headline.rag, { width: 360, fontSize: 12 });
    const outcomes = chart.groups.find((g) => g.key === "outcomes")!;
    const spend = chart.groups.find((g) => g.key === "spend")!;
    expect(chart.groups.map((g) => g.label.text)).toEqual(["Outputs", "Outcomes", "Spend"]);
    expect(spend.bars.map((b) => b.label.text)).toEqual(["2 Green", "1 Amber", "0 Red"]);
    expect(spend.bars[1].width * 2).toBeCloseTo(spend.bars[0].width, 1);
    expect(spend.bars[2].width).toBe(0);
    expect(outcomes.bars[1].width).toBe(outcomes.bars[2].width);
    // The largest bar leaves room for its label inside the chart's width.
    expect(spend.bars[0].x + spend.bars[0].width + 12 * 6).toBeCloseTo(360, 1);
    // Every bar sits below the one before it.
    const ys = chart.groups.flatMap((g) => g.bars.map((b) => b.y));
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(chart.height).toBeGreaterThan(ys[ys.length - 1]);
  });

  it("draws no bars, and no NaN, when every count is zero", () => {
    const chart = ragChart(zeroRag);
    expect(chart.groups.flatMap((g) => g.bars.map((b) => b.width))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(chart.groups[0].bars.map((b) => b.label.text)).toEqual(["0 Green", "0 Amber", "0 Red"]);
    expectAllFinite(chart);
  });

  it("describes itself in words", () => {
    expect(ragChartDescription(profile.headline.rag)).toBe(
      "Projects by RAG rating this quarter. Outputs: 2 green, 0 amber, 0 red; Outcomes: 0 green, 1 amber, 1 red; Spend: 2 green, 1 amber, 0 red.",
    );
  });
});

describe("trendChart", () => {
  it("breaks the line where a quarter has no figure", () => {
    const referrals = profile.context[0];
    const chart = trendChart(referrals.points, { width: 220, height: 120, fontSize: 10 });
    expect(chart.points).toHaveLength(8);
    expect(chart.points[5].y).toBeNull();
    expect(chart.segments.map((s) => s.length)).toEqual([5, 2]);
    expect(chart.paths).toHaveLength(2);
    expect(chart.yTicks.map((t) => t.label)).toEqual(["0", "200", "400", "600"]);
    const plotHeight = chart.plot.bottom - chart.plot.top;
    expect(chart.points[0].y).toBeCloseTo(chart.plot.bottom - (412 / 600) * plotHeight, 1);
    expect(chart.points[7].x).toBeCloseTo(chart.plot.right, 1);
    expect(chart.points[0].x).toBeCloseTo(chart.plot.left, 1);
    expect(chart.xLabels.map((l) => l.text)).toEqual(["2024-25 Q3", "2026-27 Q2"]);
  });

  it("keeps a lone figure between gaps as a point with no line", () => {
    const chart = trendChart(series([5, null, 7, null, 9]).points);
    expect(chart.segments.map((s) => s.length)).toEqual([1, 1, 1]);
    expect(chart.paths).toEqual([]);
    expect(chart.points.filter((p) => p.y !== null)).toHaveLength(3);
  });

  it("copes with a series that has no figures, or only zeros", () => {
    const none = trendChart(series([null, null, null]).points);
    expect(none.segments).toEqual([]);
    expect(none.yTicks.map((t) => t.label)).toEqual(["0"]);
    const zeros = trendChart(series([0, 0]).points);
    expect(zeros.points.map((p) => p.y)).toEqual([zeros.plot.bottom, zeros.plot.bottom]);
    const single = trendChart(series([3]).points);
    expect(single.points[0].x).toBeCloseTo((single.plot.left + single.plot.right) / 2, 1);
    expectAllFinite([none, zeros, single]);
  });

  it("describes itself in words", () => {
    expect(trendChartDescription(profile.context[0])).toBe(
      "Referrals to children's social care, 2024-25 Q3 to 2026-27 Q2: 412 in 2024-25 Q3, 377 in 2026-27 Q2; no figure for 1 quarter.",
    );
    expect(trendChartDescription(series([null, null]))).toBe("Referrals: no figures entered for the last 2 quarters.");
  });
});

describe("labels", () => {
  it("formats the return per pound, RAG, trend and visit words", () => {
    expect(formatPerPound(18_600_000 / 5_231_000)).toBe("£3.56 for every £1 spent");
    expect(formatPerPound(0)).toBe("£0.00 for every £1 spent");
    expect(formatPerPound(null)).toBe("–");
    expect(ragWord("amber")).toBe("Amber");
    expect(ragWord(null)).toBe("–");
    expect(["up", "down", "same", null].map((t) => trendWord(t as "up" | "down" | "same" | null))).toEqual(["Up", "Down", "Same", "–"]);
    expect([1, 2, 3, 4].map(visitGradeText)).toEqual(["1 Outstanding", "2 Good", "3 Adequate", "4 Inadequate"]);
    expect(visitGradeText(null)).toBe("Not visited");
  });

  it("states the generation time in UK time, summer and winter", () => {
    expect(formatGeneratedAt("2026-12-06T13:40:00.000Z")).toBe("6 December 2026 13:40");
    expect(formatGeneratedAt("2026-07-01T08:05:00.000Z")).toBe("1 July 2026 09:05");
  });
});

describe("profile chart components", () => {
  it("renders the spend chart as a labelled image with its figures in a visible table", () => {
    const html = renderToStaticMarkup(createElement(SpendProfileChart, { id: "spend", quarters: profile.spendByQuarter }));
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="spend-title spend-desc"');
    expect(html).toContain('<title id="spend-title">Approved spend against profile, by quarter</title>');
    expect(html).toContain('<desc id="spend-desc">Approved spend (bars) against the spend profile (line) for each quarter. Q1: £24,800 spent');
    expect(html).toContain("<caption");
    expect(html).toMatch(/<th scope="row"[^>]*>2026-27 Q1<\/th><td[^>]*>£24,800.00<\/td><td[^>]*>£26,000.00<\/td>/);
    expect(html).toMatch(/<th scope="row"[^>]*>2026-27 Q3<\/th><td[^>]*>Not yet reported<\/td><td[^>]*>£30,000.00<\/td>/);
    expect(html).not.toContain("visually-hidden");
    expect(html.match(/<rect [^>]*fill="#1d70b8"/g)).toHaveLength(3); // two bars and the legend swatch
  });

  it("labels each RAG bar with its count and word, and tables the counts", () => {
    const html = renderToStaticMarkup(createElement(RagCountsChart, { id: "rag", counts: profile.headline.rag }));
    expect(html).toContain('role="img"');
    expect(html).toContain('<title id="rag-title">Projects by RAG rating this quarter</title>');
    expect(html).toContain(">2 Green</text>");
    expect(html).toContain(">1 Red</text>");
    expect(html).toMatch(/<th scope="row"[^>]*>Outcomes<\/th><td[^>]*>0<\/td><td[^>]*>1<\/td><td[^>]*>1<\/td>/);
  });

  it("draws a context trend with its gap and tables every quarter, saying where no figure was entered", () => {
    const html = renderToStaticMarkup(createElement(ContextTrendChart, { id: "context-CSC-REF", series: profile.context[0] }));
    expect(html).toContain('aria-labelledby="context-CSC-REF-title context-CSC-REF-desc"');
    expect(html).toContain("<title id=\"context-CSC-REF-title\">Referrals to children&#x27;s social care, last 8 quarters</title>");
    expect(html.match(/<path /g)).toHaveLength(2);
    expect(html.match(/<circle /g)).toHaveLength(7);
    expect(html).toMatch(/<th scope="row"[^>]*>2025-26 Q4<\/th><td[^>]*>Not entered<\/td>/);
    expect(html).toMatch(/<th scope="row"[^>]*>2026-27 Q2<\/th><td[^>]*>377<\/td>/);
  });
});
