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
import type { DistrictProfile, ProfileComparison, ProfileDigest, ProfileTrendPoint } from "~/profiles/types";
import { contextQuarterFrom, quarterChoices } from "../context/quarters";
import { ragThresholds } from "../projects/rag.server";
import { compareWithCounty } from "./comparison";
import { digestOf } from "./digest";
import { districtProfile } from "./district-figures.server";
import { loadProfileInputs, profileLookups, profilePeriod } from "./inputs.server";
import { changeSeq, keepProfiles, keptDigests, keptProfiles, type KeptByQuarter } from "./results.server";
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
 * The change counter one request's kept figures are read against (results.server.ts): read
 * once, before any figure, so the profile, the county it is compared with and its trend are
 * all of one state of the data, never a mix when a change lands in between. Undefined when
 * computing afresh.
 */
type Seq = number | undefined;

type Kept<T> = (db: Executor, districtIds: readonly string[], quarters: readonly string[], asOf: string, seq: number) => Promise<KeptByQuarter<T>>;

/**
 * The given districts' figures for each of the given quarters alone (no trend, no
 * comparison), as whole profiles or as digests: those kept and still current
 * (results.server.ts, one query for every quarter), the rest computed and kept.
 */
async function figuresByQuarter<T>(
  db: Executor, districtIds: readonly string[], quarters: readonly string[], options: ProfileOptions, seq: Seq, kept: Kept<T>,
  from: (profile: DistrictProfile) => T,
): Promise<KeptByQuarter<T>> {
  const fromFresh = (fresh: Map<string, DistrictProfile>) => new Map([...fresh].map(([id, p]) => [id, from(p)] as const));
  const labels = quarters.map((q) => profilePeriod(q).quarter);
  if (seq === undefined || districtIds.length === 0) {
    return new Map(await Promise.all(labels.map(async (quarter) =>
      [quarter, fromFresh(await computeQuarterProfilesAfresh(db, districtIds, { ...options, quarter }))] as const)));
  }
  const found = await kept(db, districtIds, labels, options.asOf, seq);
  return new Map(await Promise.all(labels.map(async (quarter) => {
    const have = found.get(quarter) ?? new Map<string, T>();
    const missing = districtIds.filter((id) => !have.has(id));
    if (missing.length === 0) return [quarter, have] as const;
    const fresh = await computeQuarterProfilesAfresh(db, missing, { ...options, quarter });
    await keepProfiles(db, fresh, quarter, options.asOf, seq);
    return [quarter, new Map([...have, ...fromFresh(fresh)])] as const;
  })));
}

/** Whole profiles of the given districts for the options' quarter, stamped with this request's time. */
async function quarterProfiles(db: Executor, districtIds: readonly string[], options: ProfileOptions, seq: Seq): Promise<Map<string, DistrictProfile>> {
  const quarter = profilePeriod(options.quarter).quarter;
  const map = (await figuresByQuarter(db, districtIds, [quarter], options, seq, keptProfiles, (p) => p)).get(quarter)!;
  // A kept profile is stamped with this request's time, as a fresh computation would be: the figures are the same.
  return new Map([...map].map(([id, p]) => [id, { ...p, generatedAt: options.now }] as const));
}

/** Digests of the given districts' profiles for each of the given quarters. */
const digestsByQuarter = (db: Executor, districtIds: readonly string[], quarters: readonly string[], options: ProfileOptions, seq: Seq) =>
  figuresByQuarter(db, districtIds, quarters, options, seq, keptDigests, digestOf);

/** Read before the figures: a change committed meanwhile moves the number past what is kept. */
const seqFor = async (db: Executor, options: ProfileOptions): Promise<Seq> => (options.fresh ? undefined : changeSeq(db));

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

interface TrendFigures {
  quarters: { shown: string[]; needed: string[] };
  /** quarter → district id → digest, for the trend's quarters. */
  byQuarter: Map<string, ReadonlyMap<string, ProfileDigest>>;
  /** Each given district beside the county (empty without the comparison). */
  comparisons: Map<string, ProfileComparison>;
}

/**
 * What the trend and the comparison need around the given districts' profiles for the
 * quarter (whose digests are `current`): digests of the other districts for the quarter (the
 * comparison needs the county) and of the given ones for the trend's earlier quarters, each
 * the same computation as that quarter's own profile.
 */
async function trendFigures(
  db: Executor, districtIds: readonly string[], current: ReadonlyMap<string, ProfileDigest>, options: ProfileOptions, seq: Seq,
): Promise<TrendFigures> {
  const period = profilePeriod(options.quarter);
  const quarters = trendQuarters(period.quarter);
  const compare = options.withComparison !== false;
  const others = compare ? (await db.selectFrom("districts").select("id").execute()).map((d) => d.id).filter((id) => !current.has(id)) : [];
  const earlier = quarters.needed.filter((q) => q !== period.quarter);
  const [otherDigests, before] = await Promise.all([
    digestsByQuarter(db, others, [period.quarter], options, seq),
    digestsByQuarter(db, districtIds, earlier, options, seq),
  ]);
  const county = new Map([...current, ...(otherDigests.get(period.quarter) ?? [])]);
  const byQuarter = new Map<string, ReadonlyMap<string, ProfileDigest>>([[period.quarter, county], ...before]);
  return { quarters, byQuarter, comparisons: compare ? compareWithCounty([...county.values()]) : new Map() };
}

/**
 * The profiles of the given districts, each with its trend and its comparison with the
 * county, and the trend of the given districts together.
 */
export async function computeProfilesWithTrend(
  db: Executor,
  districtIds: readonly string[],
  options: ProfileOptions,
): Promise<{ profiles: Map<string, DistrictProfile>; trend: ProfileTrendPoint[] }> {
  const quarter = profilePeriod(options.quarter).quarter;
  const seq = await seqFor(db, options);
  const current = await quarterProfiles(db, districtIds, { ...options, quarter }, seq);
  const found = districtIds.filter((id) => current.has(id));
  const digests = new Map([...current].map(([id, p]) => [id, digestOf(p)] as const));
  const { quarters, byQuarter, comparisons } = await trendFigures(db, found, digests, options, seq);
  const profiles = new Map<string, DistrictProfile>();
  for (const id of found) profiles.set(id, { ...current.get(id)!, trend: trendOf([id], quarters, byQuarter), comparison: comparisons.get(id) });
  return { profiles, trend: trendOf(found, quarters, byQuarter) };
}

/**
 * The digests of the given districts' profiles for the quarter, in the order given (unknown
 * ids left out), and their trend together: the county view, without any project's rows.
 */
export async function computeDigestsWithTrend(
  db: Executor,
  districtIds: readonly string[],
  options: ProfileOptions,
): Promise<{ digests: ProfileDigest[]; trend: ProfileTrendPoint[] }> {
  const quarter = profilePeriod(options.quarter).quarter;
  const seq = await seqFor(db, options);
  const current = (await digestsByQuarter(db, districtIds, [quarter], options, seq)).get(quarter)!;
  const found = districtIds.filter((id) => current.has(id));
  const { quarters, byQuarter } = await trendFigures(db, found, current, { ...options, withComparison: false }, seq);
  return { digests: found.map((id) => current.get(id)!), trend: trendOf(found, quarters, byQuarter) };
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
