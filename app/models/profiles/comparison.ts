// A district's headline beside the county's: for each figure, the county's own figure (its
// totals divided, so a big district weighs as much as it spends), the median district and
// the district's rank where a rank means something. A rank is given for rates and shares a
// board would want high (reach per 10,000, returns on time, the share of indicators on
// target, costs avoided per £1), never for sizes (a bigger district reaches more people) or
// prices (a cheaper place per person is not a better one). Pure: it reads computed profiles'
// headlines (a whole profile or its digest).
import type { DistrictProfile, ProfileComparison, ProfileComparisonRow } from "~/profiles/types";

/** What the comparison reads of a district's profile. */
type Compared = Pick<DistrictProfile, "district" | "headline">;
import { addCostsAvoided, percentOf, withCountedSpend } from "./figures";
import { median } from "./trends";

type Key = ProfileComparisonRow["key"];

interface Measure {
  key: Key;
  /** The district's figure. */
  of: (p: Compared) => number | null;
  /** The county's figure from every district's profile. */
  county: (all: readonly Compared[]) => number | null;
  ranked: boolean;
  /** Money, in whole pence: the median is rounded to the penny. */
  pence?: boolean;
  /** Decimal places the figure is shown with: districts that show the same figure share a rank. */
  shown: number;
}

const sum = (all: readonly Compared[], pick: (p: Compared) => number) => all.reduce((total, p) => total + pick(p), 0);
const greenShare = (c: { green: number; amber: number; red: number }) => percentOf(c.green, c.green + c.amber + c.red);
const children = (p: Compared) => p.headline.populationReach ?? null;

const MEASURES: Measure[] = [
  { key: "people-reached", shown: 0, of: (p) => p.headline.peopleReachedYear, county: (all) => sum(all, (p) => p.headline.peopleReachedYear), ranked: false },
  {
    key: "per-10000",
    shown: 1,
    of: (p) => children(p)?.per10000 ?? null,
    county: (all) => {
      const counted = all.filter((p) => children(p));
      const population = sum(counted, (p) => children(p)!.population);
      return population > 0 ? (sum(counted, (p) => children(p)!.childrenReached) / population) * 10_000 : null;
    },
    ranked: true,
  },
  {
    key: "cost-per-person",
    shown: 0,
    of: (p) => p.headline.costPerPersonPence ?? null,
    county: (all) => {
      const people = sum(all, (p) => p.headline.peopleReachedYear);
      return people > 0 ? Math.round(sum(all, (p) => p.headline.spentPence) / people) : null;
    },
    ranked: false,
    pence: true,
  },
  {
    key: "spent-of-committed",
    shown: 1,
    of: (p) => p.headline.spentPercentOfCommitted,
    county: (all) => percentOf(sum(all, (p) => p.headline.spentPence), sum(all, (p) => p.headline.committedPence)),
    ranked: false,
  },
  {
    key: "on-time",
    shown: 1,
    of: (p) => p.headline.onTimePercent,
    county: (all) => percentOf(sum(all, (p) => p.headline.returnsOnTime), sum(all, (p) => p.headline.returnsDue)),
    ranked: true,
  },
  {
    key: "outputs-green",
    shown: 1,
    of: (p) => greenShare(p.headline.rag.outputs),
    county: (all) => greenShare({ green: sum(all, (p) => p.headline.rag.outputs.green), amber: sum(all, (p) => p.headline.rag.outputs.amber), red: sum(all, (p) => p.headline.rag.outputs.red) }),
    ranked: true,
  },
  {
    key: "outcomes-green",
    shown: 1,
    of: (p) => greenShare(p.headline.rag.outcomes),
    county: (all) => greenShare({ green: sum(all, (p) => p.headline.rag.outcomes.green), amber: sum(all, (p) => p.headline.rag.outcomes.amber), red: sum(all, (p) => p.headline.rag.outcomes.red) }),
    ranked: true,
  },
  {
    key: "per-pound",
    shown: 2,
    of: (p) => p.headline.costAvoided.perPound,
    county: (all) => addCostsAvoided(all.map((p) => withCountedSpend(p.headline.costAvoided, p.headline.spentPence))).perPound,
    ranked: true,
  },
];

/** Competition ranking, highest first: 1 is best, and equal figures share a rank ("1, 2, 2, 4"). */
function rankOf(value: number, values: readonly number[], shown: number): number {
  const round = (v: number) => Math.round(v * 10 ** shown);
  return values.filter((v) => round(v) > round(value)).length + 1;
}

/** Each district's comparison with the county, from every district's profile for the same quarter. */
export function compareWithCounty(all: readonly Compared[]): Map<string, ProfileComparison> {
  const figures = MEASURES.map((m) => {
    const values = all.map((p) => m.of(p)).filter((v): v is number => v !== null);
    const mid = median(values);
    return { measure: m, values, county: m.county(all), median: mid !== null && m.pence ? Math.round(mid) : mid };
  });
  return new Map(all.map((p) => [p.district.id, {
    districts: all.length,
    rows: figures.map(({ measure, values, county, median: mid }) => {
      const own = measure.of(p);
      return { key: measure.key, district: own, county, median: mid, rank: measure.ranked && own !== null ? rankOf(own, values, measure.shown) : null, of: values.length };
    }),
  }]));
}
