// The small rules every part of the profile shares: how a column speaks for its indicators,
// how a trend is read, how a ratio is rounded. Pure, so the district, its projects and the
// county summary all use the same ones.
import type { ProfileColumn, ProfileCostAvoided, ProfileIndicator, Rag, RagCounts, Trend } from "~/profiles/types";

const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

export const emptyCounts = (): RagCounts => ({ green: 0, amber: 0, red: 0 });

export const percentOf = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null);

/** Pounds avoided per pound spent, to 2 dp, so every rendering shows the same figure. */
export const perPound = (avoidedPence: number, spentPence: number): number | null =>
  spentPence > 0 ? Math.round((avoidedPence / spentPence) * 100) / 100 : null;

/**
 * Costs avoided over several projects (or districts): added up, and per £1 of what the ones
 * that count spent. Those with no outcome linked to a unit cost are left out of the ratio;
 * if none counts, nothing is estimated.
 */
export function addCostsAvoided(parts: readonly ProfileCostAvoided[]): ProfileCostAvoided {
  const add = (pick: (c: ProfileCostAvoided) => number) => parts.reduce((total, c) => total + pick(c), 0);
  const totalPence = add((c) => c.totalPence);
  const countedSpentPence = add((c) => c.countedSpentPence ?? 0);
  const estimated = parts.some((c) => c.estimated !== false);
  return {
    totalPence,
    councilPence: add((c) => c.councilPence),
    partnersPence: add((c) => c.partnersPence),
    perPound: estimated ? perPound(totalPence, countedSpentPence) : null,
    estimated,
    countedProjects: add((c) => c.countedProjects ?? 0),
    countedSpentPence,
  };
}

/**
 * An estimate from a profile published before the counted spend was kept: its whole spend
 * was its £1s then, so it is now, and a county total over old and new editions stays true.
 */
export function withCountedSpend(cost: ProfileCostAvoided, spentPence: number): ProfileCostAvoided {
  return cost.countedSpentPence === undefined ? { ...cost, countedSpentPence: spentPence } : cost;
}

export function trendOf(current: number | null, previous: number | null): Trend {
  if (current === null || previous === null) return null;
  const diff = Math.round(current * 10) - Math.round(previous * 10);
  return diff > 0 ? "up" : diff < 0 ? "down" : "same";
}

/** The weakest figure speaks for the column: worst RAG, then lowest achievement. */
function weakest<T extends { rag: Rag | null; percent: number | null }>(figures: readonly T[]): T | null {
  let worst: T | null = null;
  for (const f of figures) {
    if (f.rag === null) continue;
    if (
      worst === null ||
      RAG_ORDER[f.rag] < RAG_ORDER[worst.rag!] ||
      (RAG_ORDER[f.rag] === RAG_ORDER[worst.rag!] && (f.percent ?? Infinity) < (worst.percent ?? Infinity))
    ) {
      worst = f;
    }
  }
  return worst;
}

/** A column of the projects table (outputs or outcomes): its weakest indicator, so one shortfall is never averaged away. */
export function column(indicators: readonly ProfileIndicator[]): ProfileColumn {
  const quarter = weakest(indicators.map((i) => ({ id: i.id, rag: i.quarterRag, percent: i.quarterAchievementPercent, trend: i.trend })));
  const ytd = weakest(indicators.map((i) => ({ rag: i.ytdRag, percent: i.ytdAchievementPercent })));
  return {
    indicatorCount: indicators.length,
    quarterAchievementPercent: quarter?.percent ?? null,
    quarterRag: quarter?.rag ?? null,
    ytdAchievementPercent: ytd?.percent ?? null,
    ytdRag: ytd?.rag ?? null,
    trend: quarter?.trend ?? null,
  };
}


export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
