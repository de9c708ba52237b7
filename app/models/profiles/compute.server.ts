// The district performance profile: every figure worked out once, here, for one quarter and
// any set of districts. The web page, the PDF, the CSV, the XLSX and the county view all
// render what this returns; none of them computes a figure of its own. The steps: read the
// inputs (inputs.server.ts), work out each project's row (project-figures.server.ts), then
// the district's headline and tables (district-figures.server.ts).
//
// Rules (see ../shared/PROFILE.md and the notes printed with every profile):
// - Only approved returns count. A quarter whose return is not approved is marked pending;
//   its figures and its targets stay out of the year to date until it is approved.
// - A column of the projects table (outputs, outcomes) is its weakest indicator, so one
//   shortfall is never averaged away by another indicator's success.
// - Estimated costs avoided count an outcome indicator's achieved outcomes (year to date) at
//   its linked unit cost, uprated to the profile's year, less deadweight, attribution and
//   optimism bias; the ratio is over the year's approved spend.
import type { Executor } from "../../../db/client";
import type { DistrictProfile, ProfileComparison, ProfileTrendPoint } from "~/profiles/types";
import { contextQuarterFrom, quarterChoices } from "../context/quarters";
import { ragThresholds } from "../projects/rag.server";
import { compareWithCounty } from "./comparison";
import { districtProfile } from "./district-figures.server";
import { loadProfileInputs, profileLookups, profilePeriod } from "./inputs.server";
import { changeSeq, keepProfiles, keptProfiles } from "./results.server";
import { trendOf, trendQuarters } from "./trends";

export interface ProfileOptions {
  quarter: string;
  /** ISO date the profile is as at: returns due by then count as due. */
  asOf: string;
  /** ISO date-time stamped on the profile. */
  now: string;
  /**
   * Compare each district with the county (the default). The comparison costs the whole
   * county's figures for the quarter; without it a profile costs only its own districts'.
   */
  withComparison?: boolean;
  /** Compute afresh, neither reading nor keeping stored results (the benchmark's timings). */
  fresh?: boolean;
}

/** The quarters a profile can be asked for: the latest that has ended and the seven before, newest first. */
export const profileQuarters = (today: string): string[] => quarterChoices(today, 8);

/** ?quarter= when it is a quarter that has ended, else the latest that has. */
export const quarterFromUrl = (url: URL, today: string): string => contextQuarterFrom(url.searchParams.get("quarter"), today);

/**
 * The profiles of the given districts for one quarter alone (no trend, no comparison): those
 * kept and still current (results.server.ts), the rest computed and kept.
 */
async function computeQuarterProfiles(db: Executor, districtIds: readonly string[], options: ProfileOptions): Promise<Map<string, DistrictProfile>> {
  if (options.fresh || districtIds.length === 0) return computeQuarterProfilesAfresh(db, districtIds, options);
  const quarter = profilePeriod(options.quarter).quarter;
  // Read before the figures: a change committed meanwhile moves the number past what is kept.
  const seq = await changeSeq(db);
  const kept = new Map(
    // Stamped with this request's time, as a fresh computation would be: the figures are the same.
    [...(await keptProfiles(db, districtIds, quarter, options.asOf, seq))].map(([id, p]) => [id, { ...p, generatedAt: options.now }] as const),
  );
  const missing = districtIds.filter((id) => !kept.has(id));
  if (missing.length === 0) return kept;
  const fresh = await computeQuarterProfilesAfresh(db, missing, options);
  await keepProfiles(db, fresh, quarter, options.asOf, seq);
  return new Map([...kept, ...fresh]);
}

async function computeQuarterProfilesAfresh(db: Executor, districtIds: readonly string[], options: ProfileOptions): Promise<Map<string, DistrictProfile>> {
  const period = profilePeriod(options.quarter);
  const out = new Map<string, DistrictProfile>();
  if (districtIds.length === 0) return out;
  const inputs = await loadProfileInputs(db, districtIds, period, options.asOf);
  const ctx = {
    period, inputs, lookups: profileLookups(inputs), settings: inputs.settings, thresholds: ragThresholds(inputs.settings), asOf: options.asOf,
  };
  for (const district of inputs.districts) out.set(district.id, districtProfile(district, ctx, options.now));
  return out;
}

/**
 * The profiles of the given districts, each with its trend and its comparison with the
 * county, and the trend of the given districts together. Every district is computed for
 * the profile's quarter (the comparison needs the county), the given ones for the quarters
 * of the trend; each quarter is the same computation as that quarter's own profile.
 */
export async function computeProfilesWithTrend(
  db: Executor,
  districtIds: readonly string[],
  options: ProfileOptions,
): Promise<{ profiles: Map<string, DistrictProfile>; trend: ProfileTrendPoint[] }> {
  const period = profilePeriod(options.quarter);
  const quarters = trendQuarters(period.quarter);
  const compare = options.withComparison !== false;
  const allIds = compare ? (await db.selectFrom("districts").select("id").execute()).map((d) => d.id) : districtIds;
  const earlier = quarters.needed.filter((q) => q !== period.quarter);
  const [current, ...before] = await Promise.all([
    computeQuarterProfiles(db, allIds, { ...options, quarter: period.quarter }),
    ...earlier.map((quarter) => computeQuarterProfiles(db, districtIds, { ...options, quarter })),
  ]);
  const byQuarter = new Map<string, ReadonlyMap<string, DistrictProfile>>([[period.quarter, current], ...earlier.map((q, i) => [q, before[i]] as const)]);
  const comparisons = compare ? compareWithCounty([...current.values()]) : new Map<string, ProfileComparison>();
  const profiles = new Map<string, DistrictProfile>();
  for (const id of districtIds) {
    const profile = current.get(id);
    if (profile) profiles.set(id, { ...profile, trend: trendOf([id], quarters, byQuarter), comparison: comparisons.get(id) });
  }
  return { profiles, trend: trendOf([...profiles.keys()], quarters, byQuarter) };
}

/**
 * The profiles of the given districts for one quarter, keyed by district id, each with its
 * trend and comparison. Unknown district ids are left out.
 */
export async function computeProfiles(db: Executor, districtIds: readonly string[], options: ProfileOptions): Promise<Map<string, DistrictProfile>> {
  if (districtIds.length === 0) return new Map();
  return (await computeProfilesWithTrend(db, districtIds, options)).profiles;
}

export async function computeProfile(db: Executor, districtId: string, options: ProfileOptions): Promise<DistrictProfile | null> {
  return (await computeProfiles(db, [districtId], options)).get(districtId) ?? null;
}

/** A file name for a profile download: "chorley-2026-27-q2-profile.pdf". */
export function profileFileName(districtName: string, quarter: string, suffix: string): string {
  const slug = `${districtName}-${quarter}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${slug}-${suffix}`;
}
