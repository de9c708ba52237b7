// Demo context indicators: eight quarters (2024-25 Q3 to 2026-27 Q2) of the six standard
// figures for all twelve districts. Made by a formula, not at random, so every run, test
// and screenshot shows the same numbers: each district's size and need set its scale, each
// indicator has a gentle trend (referrals and step-ups easing as early help beds in, early
// help assessments rising), flows dip in the summer quarter and peak in the autumn one.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema";
import { DEMO_DISTRICTS } from "./constants";
import { POPULATION_INDICATOR_ID } from "../app/models/context/population";

/** When the demo figures were "entered": after 2026-27 Q2 closed. */
const ENTERED_AT = "2026-10-20T09:00:00.000Z";

export const DEMO_CONTEXT_QUARTERS = [
  "2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2",
] as const;

/**
 * Relative demand: population in hundreds of thousands times a need factor (deprivation).
 * Preston and Burnley carry the most; Ribble Valley the least.
 */
const DISTRICT_SCALE: Record<(typeof DEMO_DISTRICTS)[number][0], number> = {
  burnley: 0.95 * 1.5,
  chorley: 1.18 * 0.85,
  fylde: 0.81 * 0.8,
  hyndburn: 0.82 * 1.35,
  lancaster: 1.43 * 1.1,
  pendle: 0.96 * 1.3,
  preston: 1.5 * 1.4,
  "ribble-valley": 0.62 * 0.55,
  rossendale: 0.71 * 1.15,
  "south-ribble": 1.11 * 0.8,
  "west-lancashire": 1.18 * 1.0,
  wyre: 1.13 * 1.0,
};

/**
 * Per indicator: the figure for a district of scale 1 in the first quarter, the change per
 * quarter, and whether it counts a flow in the quarter (seasonal) or a number at its end.
 */
const INDICATORS = [
  { id: "context-referrals", base: 260, trend: -0.015, flow: true },
  { id: "context-cp-plans", base: 55, trend: -0.01, flow: false },
  { id: "context-looked-after", base: 110, trend: 0.005, flow: false },
  { id: "context-eha-started", base: 140, trend: 0.03, flow: true },
  { id: "context-step-ups", base: 22, trend: -0.02, flow: true },
  { id: "context-step-downs", base: 28, trend: 0.02, flow: true },
] as const;

/** Q1 (April–June) to Q4: the summer holidays dip, the autumn term peaks. */
const SEASON = [1.0, 0.93, 1.08, 0.99];

/** The demo figure for one district, indicator and quarter (0-based from 2024-25 Q3). */
export function demoContextValue(districtIndex: number, scale: number, indicatorIndex: number, quarterIndex: number): number {
  const indicator = INDICATORS[indicatorIndex];
  const quarterNumber = Number(DEMO_CONTEXT_QUARTERS[quarterIndex].slice(-1));
  const seasonal = indicator.flow ? SEASON[quarterNumber - 1] : 1;
  // Districts do not move in lock-step: a small fixed wobble of -2% to +2% each.
  const wobble = 1 + (((districtIndex * 7 + indicatorIndex * 5 + quarterIndex * 3) % 5) - 2) / 100;
  const value = indicator.base * scale * (1 + indicator.trend * quarterIndex) * seasonal * wobble;
  return Math.max(0, Math.round(value));
}

/**
 * Children and young people aged 0 to 19 per district, roughly as the ONS mid-year estimates
 * have them: the population reach is measured against. The same each quarter (the latest estimate).
 */
const POPULATION_0_19: Record<(typeof DEMO_DISTRICTS)[number][0], number> = {
  burnley: 22_100, chorley: 25_400, fylde: 15_200, hyndburn: 19_600, lancaster: 30_200, pendle: 23_300, preston: 35_600,
  "ribble-valley": 12_400, rossendale: 16_100, "south-ribble": 23_900, "west-lancashire": 23_400, wyre: 21_800,
};

export async function seedDemoContext(trx: Transaction<Database>): Promise<void> {
  const population = DEMO_DISTRICTS.flatMap(([slug]) =>
    DEMO_CONTEXT_QUARTERS.map((quarter) => ({
      district_id: `district-${slug}`, indicator_id: POPULATION_INDICATOR_ID, quarter, value: POPULATION_0_19[slug], updated_by: null, updated_at: ENTERED_AT,
    })),
  );
  const rows = [...population, ...DEMO_DISTRICTS.flatMap(([slug], districtIndex) =>
    INDICATORS.flatMap((indicator, indicatorIndex) =>
      DEMO_CONTEXT_QUARTERS.map((quarter, quarterIndex) => ({
        district_id: `district-${slug}`,
        indicator_id: indicator.id,
        quarter,
        value: demoContextValue(districtIndex, DISTRICT_SCALE[slug], indicatorIndex, quarterIndex),
        updated_by: null,
        updated_at: ENTERED_AT,
      })),
    ),
  )];
  // 672 rows: in chunks, well under SQLite's limit on bound parameters per statement.
  for (let i = 0; i < rows.length; i += 100) {
    await trx.insertInto("context_values").values(rows.slice(i, i + 100)).execute();
  }
}
