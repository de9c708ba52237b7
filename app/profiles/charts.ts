// Chart geometry for the profile, worked out once from the figures so the web page's SVG and
// the PDF's drawing show the same chart. Pure: numbers in, coordinates and labels out; nothing
// here knows about React, the DOM or react-pdf. Coordinates are in the chart's own units
// (px on the web, pt in the PDF), origin top left.
import { formatWholePounds } from "~/lib/money";
import { formatCount, RAG_GROUP_KEYS, RAG_GROUP_WORDS, RAG_WORDS, RAGS } from "./labels";
import type { ProfileContextSeries, ProfileSpendQuarter, Rag, RagCounts } from "./types";

// GOV.UK palette; RAG colours always come with the word, never alone.
export const CHART_COLOURS = {
  text: "#0b0c0c",
  axis: "#505a5f",
  grid: "#b1b4b6",
  bar: "#1d70b8",
  profile: "#0b0c0c",
  line: "#1d70b8",
  green: "#00703c",
  amber: "#f47738",
  red: "#d4351c",
} as const;

export const RAG_COLOURS: Record<Rag, string> = { green: CHART_COLOURS.green, amber: CHART_COLOURS.amber, red: CHART_COLOURS.red };

export interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Tick {
  value: number;
  y: number;
  label: string;
}

export interface TextLabel {
  x: number;
  y: number;
  text: string;
  anchor: "start" | "middle" | "end";
}

export interface Point {
  x: number;
  y: number;
}

export interface ChartSize {
  width: number;
  height: number;
  fontSize?: number;
}

/**
 * A scale from zero to a round maximum with round steps (1, 2, 2.5 or 5 × 10ⁿ). All-zero (or
 * empty) data gets a scale of 0 to 1 with a single tick at 0, so nothing divides by zero and
 * no made-up tick appears.
 */
export function niceScale(max: number, tickCount = 4, integer = false): { max: number; ticks: number[] } {
  if (!Number.isFinite(max) || max <= 0) return { max: 1, ticks: [0] };
  const raw = max / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const factor = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 2.5 ? 2.5 : normalised <= 5 ? 5 : 10;
  let step = factor * magnitude;
  if (integer) step = Math.max(1, Math.ceil(step));
  const niceMax = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i <= Math.round(niceMax / step); i++) ticks.push(round(i * step));
  return { max: round(niceMax), ticks };
}

function round(n: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

function path(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
}

/** "2026-27 Q2" → "Q2" */
export function shortQuarter(quarter: string): string {
  return quarter.split(" ")[1] ?? quarter;
}

/** "2024-25 Q3" → "24-25 Q3", so eight quarters over three years fit across a chart. */
export function compactQuarter(quarter: string): string {
  return quarter.replace(/^\d{2}(\d{2}-\d{2})/, "$1");
}

// ─── Spend against profile, by quarter ─────────────────────────────────────────────────────

export interface SpendBar {
  quarter: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Approved spend; null (no bar) for quarters not yet reported. */
  actualPence: number | null;
}

export interface SpendChart {
  width: number;
  height: number;
  fontSize: number;
  plot: Plot;
  yTicks: Tick[];
  bars: SpendBar[];
  /** The profile for each quarter: a marker per quarter joined by a line. */
  profilePoints: (Point & { quarter: string; profilePence: number })[];
  profilePath: string;
  xLabels: TextLabel[];
  legend: { bar: TextLabel & { swatch: Point }; profile: TextLabel & { swatch: Point } };
}

/**
 * One year's quarters read "Q1"…"Q4" under each bar; a run over several years says which
 * year, under each bar where there is room, else under the first and last as the line charts do.
 */
function spendXLabels(points: readonly { x: number; quarter: string }[], oneYear: boolean, slot: number, y: number, fontSize: number): TextLabel[] {
  if (oneYear) return points.map((p) => ({ x: p.x, y, text: shortQuarter(p.quarter), anchor: "middle" }));
  if (slot >= fontSize * 5 || points.length < 2) return points.map((p) => ({ x: p.x, y, text: compactQuarter(p.quarter), anchor: "middle" }));
  const first = points[0];
  const last = points[points.length - 1];
  return [
    { x: round(first.x - slot * 0.3), y, text: first.quarter, anchor: "start" },
    { x: round(last.x + slot * 0.3), y, text: last.quarter, anchor: "end" },
  ];
}

export function spendChart(quarters: readonly ProfileSpendQuarter[], size: ChartSize = { width: 480, height: 240 }): SpendChart {
  const fontSize = size.fontSize ?? 12;
  const plot: Plot = { left: fontSize * 6, top: fontSize * 2.5, right: size.width - fontSize, bottom: size.height - fontSize * 2 };
  // The scale is worked out in whole pounds so the ticks are round sums of money.
  const maxPounds = Math.max(0, ...quarters.map((q) => Math.max(q.profilePence, q.actualPence ?? 0))) / 100;
  const scale = niceScale(maxPounds, 4);
  const plotHeight = plot.bottom - plot.top;
  const yOf = (pence: number) => plot.bottom - (pence / 100 / scale.max) * plotHeight;

  const slot = quarters.length > 0 ? (plot.right - plot.left) / quarters.length : 0;
  const oneYear = new Set(quarters.map((q) => q.quarter.split(" ")[0])).size <= 1;
  const barWidth = slot * 0.6;
  const bars = quarters.map((q, i): SpendBar => {
    const x = plot.left + slot * i + (slot - barWidth) / 2;
    const height = q.actualPence === null ? 0 : Math.max(0, plot.bottom - yOf(q.actualPence));
    return { quarter: q.quarter, x: round(x), y: round(plot.bottom - height), width: round(barWidth), height: round(height), actualPence: q.actualPence };
  });
  const profilePoints = quarters.map((q, i) => ({
    quarter: q.quarter,
    profilePence: q.profilePence,
    x: round(plot.left + slot * i + slot / 2),
    y: round(yOf(q.profilePence)),
  }));
  return {
    width: size.width,
    height: size.height,
    fontSize,
    plot,
    yTicks: scale.ticks.map((value) => ({ value, y: round(yOf(value * 100)), label: formatWholePounds(Math.round(value * 100)) })),
    bars,
    profilePoints,
    profilePath: path(profilePoints),
    xLabels: spendXLabels(profilePoints, oneYear, slot, round(plot.bottom + fontSize * 1.4), fontSize),
    legend: {
      bar: { swatch: { x: plot.left, y: fontSize * 0.4 }, x: plot.left + fontSize * 1.3, y: fontSize * 1.2, text: "Approved spend", anchor: "start" },
      profile: { swatch: { x: plot.left + fontSize * 10, y: fontSize * 0.4 }, x: plot.left + fontSize * 11.3, y: fontSize * 1.2, text: "Profile", anchor: "start" },
    },
  };
}

export function spendChartDescription(quarters: readonly ProfileSpendQuarter[]): string {
  if (quarters.length === 0) return "No spend profile is set for this year.";
  const parts = quarters.map((q) =>
    q.actualPence === null
      ? `${shortQuarter(q.quarter)}: not yet reported, profile ${formatWholePounds(q.profilePence)}`
      : `${shortQuarter(q.quarter)}: ${formatWholePounds(q.actualPence)} spent against a profile of ${formatWholePounds(q.profilePence)}`,
  );
  return `Approved spend (bars) against the spend profile (line) for each quarter. ${parts.join("; ")}.`;
}

// ─── RAG counts: outputs, outcomes and spend ─────────────────────────────────────────────────

export type RagGroupKey = "outputs" | "outcomes" | "spend";
export const RAG_GROUPS: readonly { key: RagGroupKey; label: string }[] = RAG_GROUP_KEYS.map((key) => ({ key, label: RAG_GROUP_WORDS[key] }));

export interface RagBar {
  rag: Rag;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** "6 Green": the count and the word, beside the bar. */
  label: TextLabel;
}

export interface RagChart {
  width: number;
  height: number;
  fontSize: number;
  groups: { key: RagGroupKey; label: TextLabel; bars: RagBar[] }[];
}

/** Horizontal bars, three to a group, so every bar has room for its count and word. */
export function ragChart(counts: Record<RagGroupKey, RagCounts>, size: { width: number; fontSize?: number } = { width: 360 }): RagChart {
  const fontSize = size.fontSize ?? 12;
  const barHeight = fontSize * 1.2;
  const barGap = fontSize * 0.3;
  const heading = fontSize * 1.6;
  const groupGap = fontSize * 0.8;
  const left = fontSize * 0.5;
  const labelRoom = fontSize * 6;
  const maxLength = Math.max(0, size.width - left - labelRoom);
  const max = Math.max(0, ...RAG_GROUPS.flatMap((g) => RAGS.map((r) => counts[g.key][r])));

  let y = 0;
  const groups = RAG_GROUPS.map((g) => {
    const label: TextLabel = { x: 0, y: round(y + fontSize), text: g.label, anchor: "start" };
    y += heading;
    const bars = RAGS.map((rag): RagBar => {
      const count = counts[g.key][rag];
      const width = max === 0 ? 0 : (count / max) * maxLength;
      const bar: RagBar = {
        rag,
        count,
        x: left,
        y: round(y),
        width: round(width),
        height: round(barHeight),
        label: { x: round(left + width + fontSize * 0.4), y: round(y + barHeight * 0.8), text: `${formatCount(count)} ${RAG_WORDS[rag]}`, anchor: "start" },
      };
      y += barHeight + barGap;
      return bar;
    });
    y += groupGap;
    return { key: g.key, label, bars };
  });
  return { width: size.width, height: round(y), fontSize, groups };
}

export function ragChartDescription(counts: Record<RagGroupKey, RagCounts>): string {
  const parts = RAG_GROUPS.map((g) => `${g.label}: ${RAGS.map((r) => `${counts[g.key][r]} ${RAG_WORDS[r].toLowerCase()}`).join(", ")}`);
  return `Projects by RAG rating this quarter. ${parts.join("; ")}.`;
}

// ─── Context indicator trend (small multiples) ──────────────────────────────────────────────

export interface TrendPoint {
  quarter: string;
  value: number | null;
  x: number;
  /** null where no figure was entered: the line breaks there. */
  y: number | null;
}

export interface TrendChart {
  width: number;
  height: number;
  fontSize: number;
  plot: Plot;
  yTicks: Tick[];
  points: TrendPoint[];
  /** Unbroken runs of the line; a null figure ends one run and the next figure starts another. */
  segments: Point[][];
  paths: string[];
  xLabels: TextLabel[];
}

export function trendChart(points: ProfileContextSeries["points"], size: ChartSize = { width: 220, height: 120 }): TrendChart {
  const fontSize = size.fontSize ?? 10;
  const plot: Plot = { left: fontSize * 3.5, top: fontSize * 0.8, right: size.width - fontSize * 0.8, bottom: size.height - fontSize * 1.8 };
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const scale = niceScale(Math.max(0, ...values), 3, values.every(Number.isInteger));
  const yOf = (v: number) => plot.bottom - (v / scale.max) * (plot.bottom - plot.top);
  const step = points.length > 1 ? (plot.right - plot.left) / (points.length - 1) : 0;
  const xOf = (i: number) => (points.length > 1 ? plot.left + step * i : (plot.left + plot.right) / 2);

  const placed = points.map((p, i): TrendPoint => ({ quarter: p.quarter, value: p.value, x: round(xOf(i)), y: p.value === null ? null : round(yOf(p.value)) }));
  const segments: Point[][] = [];
  let run: Point[] = [];
  for (const p of placed) {
    if (p.y === null) {
      if (run.length) segments.push(run);
      run = [];
    } else run.push({ x: p.x, y: p.y });
  }
  if (run.length) segments.push(run);

  const first = placed[0];
  const last = placed[placed.length - 1];
  const labelY = round(plot.bottom + fontSize * 1.3);
  const xLabels: TextLabel[] = [];
  if (first) xLabels.push({ x: first.x, y: labelY, text: first.quarter, anchor: placed.length > 1 ? "start" : "middle" });
  if (last && last !== first) xLabels.push({ x: last.x, y: labelY, text: last.quarter, anchor: "end" });

  return {
    width: size.width,
    height: size.height,
    fontSize,
    plot,
    yTicks: scale.ticks.map((value) => ({ value, y: round(yOf(value)), label: formatCount(value) })),
    points: placed,
    segments,
    // A single-point run draws no line; the renderers mark every point, so it still shows.
    paths: segments.filter((s) => s.length > 1).map(path),
    xLabels,
  };
}

export function trendChartDescription(series: ProfileContextSeries): string {
  const entered = series.points.filter((p) => p.value !== null);
  if (entered.length === 0) return `${series.name}: no figures entered for the last ${series.points.length} quarters.`;
  const first = entered[0];
  const last = entered[entered.length - 1];
  const missing = series.points.length - entered.length;
  return (
    `${series.name}, ${series.points[0].quarter} to ${series.points[series.points.length - 1].quarter}: ` +
    `${formatCount(first.value!)} in ${first.quarter}, ${formatCount(last.value!)} in ${last.quarter}` +
    (missing ? `; no figure for ${missing} ${missing === 1 ? "quarter" : "quarters"}.` : ".")
  );
}
