// The county side by side: every district's headline in one table, with the county's
// totals, sortable by any column. Officers see the districts they cover; the county pack
// holds them all.
import type { Executor } from "../../../db/client";
import { financialYearLabel, parseQuarterLabel, quarterLabel, quarterMonths } from "~/lib/financial-year";
import type { Actor } from "~/policies/actor";
import { inLiveDistrictScope, inPublishedDistrictScope } from "~/policies/profiles";
import type { CountyRow, CountySummary, DistrictProfile, ProfileTrendPoint, RagCounts } from "~/profiles/types";
import { getSettings } from "../admin/settings.server";
import { computeDigestsWithTrend, computeProfilesWithTrend, type ProfileOptions } from "./compute.server";
import { addCostsAvoided, emptyCounts, percentOf, withCountedSpend } from "./figures";

export const COUNTY_SORTS = ["district", "allocated", "committed", "spent", "reached", "on-time", "avoided", "roi"] as const;
export type CountySort = (typeof COUNTY_SORTS)[number];

export function readCountySort(url: URL): { sort: CountySort; dir: "asc" | "desc" } {
  const asked = url.searchParams.get("sort");
  const sort = (COUNTY_SORTS as readonly string[]).includes(asked ?? "") ? (asked as CountySort) : "district";
  return { sort, dir: url.searchParams.get("dir") === "desc" ? "desc" : "asc" };
}

const COUNTY_SORT_KEYS: Record<CountySort, (r: CountyRow) => number | string> = {
  district: (r) => r.districtName,
  allocated: (r) => r.allocatedPence,
  committed: (r) => r.committedPence,
  spent: (r) => r.spentPence,
  reached: (r) => r.peopleReachedYear,
  "on-time": (r) => r.onTimePercent ?? -1,
  avoided: (r) => r.costAvoided.totalPence,
  roi: (r) => r.costAvoided.perPound ?? -1,
};

/** Sorted in place; ties fall back to the district's name so the order is stable. */
function sortCountyRows(rows: CountyRow[], sort: CountySort, dir: "asc" | "desc"): void {
  const key = COUNTY_SORT_KEYS[sort];
  const sign = dir === "asc" ? 1 : -1;
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : Number(x) - Number(y);
    return order !== 0 ? sign * order : a.districtName.localeCompare(b.districtName);
  });
}

/**
 * The districts whose live figures this actor sees ("profile:view-live"), by name, and
 * whether that is every district.
 */
export async function liveDistricts(db: Executor, actor: Actor): Promise<{ districtIds: string[]; wholeCounty: boolean }> {
  const [visible, all] = await Promise.all([
    db.selectFrom("districts").select("id").where((eb) => inLiveDistrictScope(eb, actor, "districts.id")).orderBy("name").execute(),
    db.selectFrom("districts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { districtIds: visible.map((d) => d.id), wholeCounty: visible.length === Number(all.n) };
}

type CountyOptions = ProfileOptions & { districtIds?: readonly string[]; sort?: CountySort; dir?: "asc" | "desc" };

/** The districts asked for (all without `districtIds`), by name. */
async function countyDistrictIds(db: Executor, options: CountyOptions): Promise<string[]> {
  let districtQuery = db.selectFrom("districts").select(["id"]).orderBy("name");
  if (options.districtIds) districtQuery = districtQuery.where("id", "in", options.districtIds.length ? options.districtIds : [""]);
  return (await districtQuery.execute()).map((d) => d.id);
}

async function summaryOf(db: Executor, list: readonly Headlined[], trend: ProfileTrendPoint[], options: CountyOptions): Promise<CountySummary> {
  const editions = await db
    .selectFrom("published_profiles")
    .select(["district_id", (eb) => eb.fn.max<number>("edition").as("edition")])
    .where("quarter", "=", options.quarter)
    .groupBy("district_id")
    .execute();
  const editionOf = new Map(editions.map((e) => [e.district_id, Number(e.edition)]));
  const names = list[0]
    ? { councilName: list[0].councilName, programmeName: list[0].programmeName }
    : await getSettings(db).then((s) => ({ councilName: s.council_name, programmeName: s.programme_name }));
  const summary = countySummaryOf(list, editionOf, { ...names, quarter: options.quarter, now: options.now }, options.sort, options.dir);
  return { ...summary, trend };
}

/**
 * The county side by side: every district's headline (or those in `districtIds`), the
 * county's totals and its trend, from the districts' digests (no project's rows are read).
 */
export async function computeCountySummary(db: Executor, options: CountyOptions): Promise<{ summary: CountySummary }> {
  const { digests, trend } = await computeDigestsWithTrend(db, await countyDistrictIds(db, options), options);
  return { summary: await summaryOf(db, digests, trend, options) };
}

/** The county summary with every district's whole profile, each with its trend and comparison: the county pack. */
export async function computeCountyProfiles(db: Executor, options: CountyOptions): Promise<{ summary: CountySummary; profiles: DistrictProfile[] }> {
  const ids = await countyDistrictIds(db, options);
  const { profiles, trend } = await computeProfilesWithTrend(db, ids, options);
  const list = ids.map((id) => profiles.get(id)).filter((p): p is DistrictProfile => !!p);
  return { summary: await summaryOf(db, list, trend, options), profiles: list };
}

/** What the county summary reads of a district's profile: a whole profile or its digest. */
type Headlined = Pick<DistrictProfile, "councilName" | "programmeName" | "district" | "headline">;

/** The districts' headlines side by side, with the county's totals: from live profiles or from published ones. */
export function countySummaryOf(
  list: readonly Headlined[],
  editionOf: ReadonlyMap<string, number>,
  meta: { councilName: string; programmeName: string; quarter: string; now: string },
  sort: CountySort = "district",
  dir: "asc" | "desc" = "asc",
): CountySummary {
  const rows: CountyRow[] = list.map((p) => ({
    districtId: p.district.id,
    districtName: p.district.name,
    allocatedPence: p.headline.allocatedPence,
    committedPence: p.headline.committedPence,
    spentPence: p.headline.spentPence,
    peopleReachedYear: p.headline.peopleReachedYear,
    projectsLive: p.headline.projectsLive,
    rag: p.headline.rag,
    returnsDue: p.headline.returnsDue,
    returnsOnTime: p.headline.returnsOnTime,
    onTimePercent: p.headline.onTimePercent,
    costAvoided: withCountedSpend(p.headline.costAvoided, p.headline.spentPence),
    publishedEdition: editionOf.get(p.district.id) ?? null,
  }));
  sortCountyRows(rows, sort, dir);
  const sumCounts = (pick: (r: CountyRow) => RagCounts): RagCounts =>
    rows.reduce((s, r) => ({ green: s.green + pick(r).green, amber: s.amber + pick(r).amber, red: s.red + pick(r).red }), emptyCounts());
  const total = (pick: (r: CountyRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const fq = parseQuarterLabel(meta.quarter)!;
  return {
    councilName: meta.councilName,
    programmeName: meta.programmeName,
    quarter: quarterLabel(fq),
    quarterMonths: quarterMonths(fq),
    financialYearLabel: financialYearLabel(fq.year),
    generatedAt: meta.now,
    rows,
    totals: {
      allocatedPence: total((r) => r.allocatedPence),
      committedPence: total((r) => r.committedPence),
      spentPence: total((r) => r.spentPence),
      peopleReachedYear: total((r) => r.peopleReachedYear),
      projectsLive: total((r) => r.projectsLive),
      rag: { outputs: sumCounts((r) => r.rag.outputs), outcomes: sumCounts((r) => r.rag.outcomes), spend: sumCounts((r) => r.rag.spend) },
      returnsDue: total((r) => r.returnsDue),
      returnsOnTime: total((r) => r.returnsOnTime),
      onTimePercent: percentOf(total((r) => r.returnsOnTime), total((r) => r.returnsDue)),
      costAvoided: addCostsAvoided(rows.map((r) => r.costAvoided)),
    },
  };
}

/**
 * The published profiles of a quarter side by side, for those who read published profiles
 * ("profile:view-published": board members among them): each district's latest edition, as
 * frozen, and the totals over those districts. Null when none is published for the quarter.
 */
export async function publishedCountySummary(
  db: Executor,
  actor: Actor,
  options: { quarter: string; now: string; sort?: CountySort; dir?: "asc" | "desc" },
): Promise<CountySummary | null> {
  const rows = await db
    .selectFrom("published_profiles as p")
    .select(["p.id", "p.district_id", "p.edition", "p.figures_json"])
    .where("p.quarter", "=", options.quarter)
    .where((eb) => inPublishedDistrictScope(eb, actor, "p.district_id"))
    .where((eb) => eb("p.edition", "=", eb.selectFrom("published_profiles as q").select((q) => q.fn.max("q.edition").as("e"))
      .whereRef("q.district_id", "=", "p.district_id").where("q.quarter", "=", options.quarter)))
    .execute();
  if (rows.length === 0) return null;
  const list = rows.map((r) => JSON.parse(r.figures_json) as DistrictProfile);
  const editionOf = new Map(rows.map((r) => [r.district_id, Number(r.edition)]));
  const idOf = new Map(rows.map((r) => [r.district_id, r.id]));
  const summary = countySummaryOf(list, editionOf, { councilName: list[0].councilName, programmeName: list[0].programmeName, quarter: options.quarter, now: options.now }, options.sort, options.dir);
  for (const row of summary.rows) row.publicationId = idOf.get(row.districtId);
  return summary;
}
