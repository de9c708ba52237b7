// The district performance profile as one plain, JSON-safe value. profiles.server.ts computes
// it once; the web page, the PDF, the CSV and the XLSX only render it, so the same number is
// never worked out twice. A published profile freezes exactly this value.
import type { AgeBand, CostBearer, IndicatorDirection, IndicatorMeasure, PerformanceRating, ProjectRecommendation, ReturnStatus } from "../../db/schema";

export type { ProjectRecommendation };

export type Rag = "green" | "amber" | "red";
export type Trend = "up" | "down" | "same" | null;

export interface RagCounts {
  green: number;
  amber: number;
  red: number;
}

/** One indicator's figures: the quarter and the year to date, approved figures only. */
export interface ProfileIndicator {
  id: string;
  kind: "output" | "outcome";
  name: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  /** null: no approved figure for the quarter (pending, overdue or none due). */
  quarterActual: number | null;
  quarterTarget: number | null;
  quarterAchievementPercent: number | null;
  quarterRag: Rag | null;
  /** Year to date over the approved quarters of the financial year up to the profile's quarter. */
  ytdActual: number;
  ytdTarget: number;
  ytdAchievementPercent: number | null;
  ytdRag: Rag | null;
  /** Against the previous quarter's achievement. */
  trend: Trend;
  /** The provider's comment on this quarter's figure. */
  comment: string | null;
}

/** A column (outputs or outcomes) of the projects table: its weakest indicator speaks for it. */
export interface ProfileColumn {
  indicatorCount: number;
  quarterAchievementPercent: number | null;
  quarterRag: Rag | null;
  ytdAchievementPercent: number | null;
  ytdRag: Rag | null;
  trend: Trend;
}

export interface ProfileSpend {
  quarterActualPence: number | null;
  quarterProfilePence: number;
  ytdActualPence: number;
  ytdProfilePence: number;
  /** Year-to-date spend against the year-to-date profile. */
  variancePercent: number | null;
  rag: Rag | null;
}

export interface ProfileCostAvoided {
  totalPence: number;
  councilPence: number;
  partnersPence: number;
  /**
   * Estimated costs avoided per £1 spent (year to date) by the projects that count (those with
   * an outcome linked to a unit cost); null when nothing was spent or nothing is estimated.
   */
  perPound: number | null;
  /**
   * False when no outcome is linked to a unit cost: nothing was estimated, which is not the
   * same as £0 avoided. Absent from profiles published before this was kept.
   */
  estimated?: boolean;
  /** The projects that count (an outcome linked to a unit cost), and what they spent: the ratio's £1s. */
  countedProjects?: number;
  countedSpentPence?: number;
}

export interface ProfileProject {
  id: string;
  reference: string;
  title: string;
  provider: string;
  amountPence: number;
  status: string;
  spend: ProfileSpend;
  outputs: ProfileColumn;
  outcomes: ProfileColumn;
  indicators: ProfileIndicator[];
  peopleReachedQuarter: number | null;
  peopleReachedYear: number;
  /** The people reached this year (new people) by age band; absent from profiles published before it was kept. */
  peopleReachedYearByBand?: Partial<Record<AgeBand, number>>;
  visitGrade: number | null;
  visitDate: string | null;
  /**
   * The latest annual performance assessment confirmed by the profile's date, for its year or
   * before; absent from profiles published before assessments were kept.
   */
  assessment?: { yearLabel: string; rating: PerformanceRating } | null;
  /** Overall: the figures' and visit's rating, or the annual assessment if worse (app/models/profiles/overall-rating.ts). */
  overallRating?: PerformanceRating | null;
  /** The officer's recommendation to the board for this quarter, with why; null when none is recorded yet. */
  recommendation?: { recommendation: ProjectRecommendation; commentary: string; version: number } | null;
  /** This quarter's return, or null when none is due for the quarter. */
  returnStatus: ReturnStatus | null;
  /** True when this quarter's return exists but is not approved: its figures are not counted yet. */
  pending: boolean;
  /** The last approved quarter counted in the year to date, or null. */
  countedTo: string | null;
  costAvoided: ProfileCostAvoided;
}

export interface ProfileAtRisk {
  projectId: string;
  projectTitle: string;
  provider: string;
  indicatorId: string;
  indicatorName: string;
  previousQuarter: string;
  previousRag: Rag;
  previousAchievementPercent: number | null;
  quarterRag: Rag;
  quarterAchievementPercent: number | null;
  comment: string | null;
  action: { id: string; action: string; owner: string; dueDate: string; version: number } | null;
}

export interface ProfileContextSeries {
  indicatorId: string;
  code: string;
  name: string;
  /** The last eight quarters, oldest first; null where no figure was entered. */
  points: { quarter: string; value: number | null }[];
}

export interface ProfileCaseStudy {
  id: string;
  title: string;
  story: string;
  projectTitle: string;
  provider: string;
  quarter: string;
  themes: string[];
  indicators: string[];
}

export interface ProfileTheme {
  themeId: string | null;
  name: string;
  projects: number;
  spentPence: number;
  peopleReached: number;
}

export interface ProfileUnitCost {
  code: string;
  item: string;
  valuePence: number;
  per: string;
  priceYear: string;
  upratedValuePence: number;
  agency: string;
  bearer: CostBearer;
  source: string;
  /** Outcome indicators counted against it, with the adjustments on each link. */
  links: { projectTitle: string; indicatorName: string; deadweightPercent: number; attributionPercent: number; optimismBiasPercent: number; outcomes: number; costAvoidedPence: number }[];
}

export interface ProfileSpendQuarter {
  quarter: string;
  profilePence: number;
  /** Approved spend; null for quarters after the profile's quarter. */
  actualPence: number | null;
}

export interface ProfileHeadline {
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  /** The same three by funding stream, by name (absent from profiles published before it was kept). */
  byFundingStream?: { streamId: string; name: string; allocatedPence: number; committedPence: number; spentPence: number }[];
  /** Spent as a % of committed, null when nothing is committed. */
  spentPercentOfCommitted: number | null;
  projectsLive: number;
  peopleReachedQuarter: number;
  peopleReachedYear: number;
  /**
   * The people reached this year by age band, every band in order (absent from profiles
   * published before it was kept). On the public pages a count from 1 to 4 is kept back (null).
   */
  reachByAgeBand?: { band: AgeBand; people: number | null }[];
  /** Approved spend this year ÷ people reached this year, in whole pence; null when no one is reached yet. */
  costPerPersonPence?: number | null;
  /**
   * Reach of the population early help is for: children and young people aged 0 to 19 reached
   * this year, against the district's latest population figure (a context indicator) up to the
   * profile's quarter. Null when no population figure is entered; absent from older profiles.
   */
  populationReach?: { population: number; asAt: string; childrenReached: number; per10000: number; sharePercent: number } | null;
  /** Returns for the year's quarters up to this one that were due by the profile's date. */
  returnsDue: number;
  returnsOnTime: number;
  onTimePercent: number | null;
  /** Due and not yet with the officer (not started, draft or queried). */
  returnsOutstanding: number;
  /** With the officer, not yet approved. */
  returnsAwaitingApproval: number;
  costAvoided: ProfileCostAvoided;
  /** Costs avoided by the service the unit cost belongs to, with who bears them (absent from profiles published before it was kept). */
  costAvoidedByCategory?: { category: string; totalPence: number; councilPence: number; partnersPence: number }[];
  rag: { outputs: RagCounts; outcomes: RagCounts; spend: RagCounts };
}

/**
 * One quarter of the programme's trend, as its own profile for that quarter gives it (the
 * same rules: approved returns only), read at the profile's date.
 */
export interface ProfileTrendPoint {
  quarter: string;
  /** Projects live in the quarter. */
  projectsLive: number;
  spendProfilePence: number;
  /** Approved spend in the quarter. */
  spendActualPence: number;
  /** People in the quarter's approved returns, new and continuing. */
  peopleReached: number;
  /** The median indicator's achievement of its quarterly target, in %; null when no indicator has an approved figure. */
  outputsPercent: number | null;
  outcomesPercent: number | null;
  rag: { outputs: RagCounts; outcomes: RagCounts; spend: RagCounts };
  /** Estimated costs avoided by the quarter's outcomes (the year to date less the quarter before's); null when none is estimated. */
  costAvoidedPence: number | null;
}

/** A headline figure beside the county's: the county figure, the median district and the district's rank. */
export interface ProfileComparisonRow {
  key: "people-reached" | "per-10000" | "cost-per-person" | "spent-of-committed" | "on-time" | "outputs-green" | "outcomes-green" | "per-pound";
  /** null when the district has no figure (nothing to divide by, or not estimated). */
  district: number | null;
  /** The whole county's figure (totals divided, not an average of the districts' ratios). */
  county: number | null;
  /** The middle district's figure, among those with one. */
  median: number | null;
  /** 1 is best; districts with equal figures share a rank. Null where a rank means nothing (size or price) or there is no figure. */
  rank: number | null;
  /** The districts with a figure, ranked among. */
  of: number;
}

export interface ProfileComparison {
  districts: number;
  rows: ProfileComparisonRow[];
}

export interface DistrictProfile {
  councilName: string;
  programmeName: string;
  district: { id: string; name: string; partnershipName: string };
  /** "2026-27 Q2" */
  quarter: string;
  /** "July–September 2026" */
  quarterMonths: string;
  financialYear: number;
  financialYearLabel: string;
  /** ISO date-time the figures were computed. */
  generatedAt: string;
  /** ISO date the figures are as at (returns due by then count as due). */
  asOf: string;
  thresholds: { greenPercent: number; amberPercent: number; spendGreenVariancePercent: number; spendAmberVariancePercent: number };
  upratingDefaultPercent: number;
  headline: ProfileHeadline;
  spendByQuarter: ProfileSpendQuarter[];
  projects: ProfileProject[];
  atRisk: ProfileAtRisk[];
  context: ProfileContextSeries[];
  caseStudies: ProfileCaseStudy[];
  themes: ProfileTheme[];
  unitCosts: ProfileUnitCost[];
  contactEmail: string;
  /** The officer's commentary on the district for the board; null when none is written yet (absent from older profiles). */
  commentary?: { text: string; version: number } | null;
  /** The last eight quarters, oldest first, ending with the profile's (absent from older profiles). */
  trend?: ProfileTrendPoint[];
  /** The headline beside the county's for the same quarter (absent from older profiles). */
  comparison?: ProfileComparison;
}

/**
 * What the county view, the comparison with the county and the trend read of one district's
 * quarter: a few KB however many projects the district has. Kept beside the whole profile
 * (app/models/profiles/results.server.ts), so those pages never parse every project's rows.
 */
export type ProfileDigest = Pick<DistrictProfile, "councilName" | "programmeName" | "district" | "quarter" | "headline" | "spendByQuarter"> & {
  /** Each indicator's achievement in the quarter (%), by kind, where it has one: the trend's medians. */
  quarterAchievementPercents: Record<ProfileIndicator["kind"], number[]>;
};

/** Set when a profile is shown from its frozen copy. */
export interface PublicationStamp {
  id: string;
  edition: number;
  publishedAt: string;
  publishedBy: string | null;
  pdfSha256: string;
  figuresSha256: string;
}

/** One district's row in the county view. */
export interface CountyRow {
  districtId: string;
  districtName: string;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  peopleReachedYear: number;
  projectsLive: number;
  rag: { outputs: RagCounts; outcomes: RagCounts; spend: RagCounts };
  returnsDue: number;
  returnsOnTime: number;
  onTimePercent: number | null;
  costAvoided: ProfileCostAvoided;
  publishedEdition: number | null;
  /** In the county view of published profiles: the edition's page. */
  publicationId?: string;
}

export interface CountySummary {
  councilName: string;
  programmeName: string;
  quarter: string;
  quarterMonths: string;
  financialYearLabel: string;
  generatedAt: string;
  rows: CountyRow[];
  totals: Omit<CountyRow, "districtId" | "districtName" | "publishedEdition">;
  /** The county's last eight quarters, oldest first (absent where the profiles carried none). */
  trend?: ProfileTrendPoint[];
}
