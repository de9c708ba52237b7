// A small, realistic, fully populated profile for the renderers' tests (PDF, XLSX, CSV, web).
// The figures hang together the way profiles.server.ts would produce them: the headline is the
// sum of the projects, the costs avoided are the sum of the unit-cost links, and the pending
// project's quarter is left out of every count. Each call returns a fresh copy, so a test may
// change it freely.
import type { CountyRow, CountySummary, DistrictProfile, ProfileProject } from "../../app/profiles/types";

const QUARTERS_8 = [
  "2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2", "2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2",
];

function series(indicatorId: string, code: string, name: string, values: (number | null)[]) {
  return { indicatorId, code, name, points: QUARTERS_8.map((quarter, i) => ({ quarter, value: values[i] })) };
}

function familySupport(): ProfileProject {
  return {
    id: "prj-family-support",
    reference: "ESI-CHO-001",
    title: "Family Support",
    provider: "Example Trust",
    amountPence: 4_800_000,
    status: "live",
    spend: { quarterActualPence: 1_080_000, quarterProfilePence: 1_100_000, ytdActualPence: 2_100_000, ytdProfilePence: 2_200_000, variancePercent: -4.545454545454546, rag: "green" },
    outputs: { indicatorCount: 1, quarterAchievementPercent: 104, quarterRag: "green", ytdAchievementPercent: 98, ytdRag: "green", trend: "up" },
    outcomes: { indicatorCount: 1, quarterAchievementPercent: 88, quarterRag: "amber", ytdAchievementPercent: 91, ytdRag: "amber", trend: "same" },
    indicators: [
      {
        id: "ind-fs-sessions", kind: "output", name: "Family support sessions delivered", unit: "sessions", measure: "per_quarter", direction: "higher",
        quarterActual: 52, quarterTarget: 50, quarterAchievementPercent: 104, quarterRag: "green",
        ytdActual: 98, ytdTarget: 100, ytdAchievementPercent: 98, ytdRag: "green", trend: "up", comment: "Two new volunteers started in August.",
      },
      {
        id: "ind-fs-routine", kind: "outcome", name: "Families with a stable home routine", unit: "families", measure: "per_quarter", direction: "higher",
        quarterActual: 22, quarterTarget: 25, quarterAchievementPercent: 88, quarterRag: "amber",
        ytdActual: 45.5, ytdTarget: 50, ytdAchievementPercent: 91, ytdRag: "amber", trend: "same", comment: null,
      },
    ],
    peopleReachedQuarter: 140,
    peopleReachedYear: 520,
    visitGrade: 2,
    visitDate: "2026-06-18",
    returnStatus: "approved",
    pending: false,
    countedTo: "2026-27 Q2",
    costAvoided: { totalPence: 10_000_000, councilPence: 6_000_000, partnersPence: 4_000_000, perPound: 10_000_000 / 2_100_000 },
  };
}

function youngCarers(): ProfileProject {
  return {
    id: "prj-young-carers",
    reference: "ESI-CHO-002",
    title: "Young Carers Hub",
    provider: "Chorley Youth Partnership",
    amountPence: 5_000_000,
    status: "live",
    spend: { quarterActualPence: 1_171_000, quarterProfilePence: 1_250_000, ytdActualPence: 2_331_000, ytdProfilePence: 2_500_000, variancePercent: -6.76, rag: "green" },
    outputs: { indicatorCount: 1, quarterAchievementPercent: 96, quarterRag: "green", ytdAchievementPercent: 97, ytdRag: "green", trend: "down" },
    outcomes: { indicatorCount: 1, quarterAchievementPercent: 70, quarterRag: "red", ytdAchievementPercent: 77.5, ytdRag: "red", trend: "down" },
    indicators: [
      {
        id: "ind-yc-assessed", kind: "output", name: "Young carers assessed", unit: "young people", measure: "per_quarter", direction: "higher",
        quarterActual: 48, quarterTarget: 50, quarterAchievementPercent: 96, quarterRag: "green",
        ytdActual: 97, ytdTarget: 100, ytdAchievementPercent: 97, ytdRag: "green", trend: "down", comment: null,
      },
      {
        id: "ind-yc-plans", kind: "outcome", name: "Young carers with a support plan", unit: "young people", measure: "per_quarter", direction: "higher",
        quarterActual: 14, quarterTarget: 20, quarterAchievementPercent: 70, quarterRag: "red",
        ytdActual: 31, ytdTarget: 40, ytdAchievementPercent: 77.5, ytdRag: "red", trend: "down",
        comment: "Our family worker left in July and the post was vacant for six weeks.",
      },
    ],
    peopleReachedQuarter: 178,
    peopleReachedYear: 484,
    visitGrade: 3,
    visitDate: "2026-09-02",
    returnStatus: "approved",
    pending: false,
    countedTo: "2026-27 Q2",
    costAvoided: { totalPence: 8_600_000, councilPence: 6_000_000, partnersPence: 2_600_000, perPound: 8_600_000 / 2_331_000 },
  };
}

function parentingTogether(): ProfileProject {
  return {
    id: "prj-parenting-together",
    reference: "ESI-CHO-003",
    title: "Parenting Together",
    provider: "Lancashire Parent Network",
    amountPence: 2_050_000,
    status: "live",
    // The Q2 return is with the officer: only Q1 is counted, so the year to date runs to Q1.
    spend: { quarterActualPence: null, quarterProfilePence: 450_000, ytdActualPence: 800_000, ytdProfilePence: 900_000, variancePercent: -11.11111111111111, rag: "amber" },
    outputs: { indicatorCount: 1, quarterAchievementPercent: null, quarterRag: null, ytdAchievementPercent: 100, ytdRag: "green", trend: null },
    outcomes: { indicatorCount: 1, quarterAchievementPercent: null, quarterRag: null, ytdAchievementPercent: 95, ytdRag: "green", trend: null },
    indicators: [
      {
        id: "ind-pt-courses", kind: "output", name: "Parents completing a course", unit: "parents", measure: "cumulative", direction: "higher",
        quarterActual: null, quarterTarget: 60, quarterAchievementPercent: null, quarterRag: null,
        ytdActual: 30, ytdTarget: 30, ytdAchievementPercent: 100, ytdRag: "green", trend: null, comment: null,
      },
      {
        id: "ind-pt-confidence", kind: "outcome", name: "Parents reporting more confidence", unit: "parents", measure: "per_quarter", direction: "higher",
        quarterActual: null, quarterTarget: 20, quarterAchievementPercent: null, quarterRag: null,
        ytdActual: 19, ytdTarget: 20, ytdAchievementPercent: 95, ytdRag: "green", trend: null, comment: null,
      },
    ],
    peopleReachedQuarter: null,
    peopleReachedYear: 200,
    visitGrade: null,
    visitDate: null,
    returnStatus: "submitted",
    pending: true,
    countedTo: "2026-27 Q1",
    costAvoided: { totalPence: 0, councilPence: 0, partnersPence: 0, perPound: 0 },
  };
}

export interface SampleProfileOptions {
  districtId?: string;
  districtName?: string;
  /** Pads the projects table to this many rows (copies of the three projects), for page breaks. */
  projectCount?: number;
}

export function sampleProfile(options: SampleProfileOptions = {}): DistrictProfile {
  const districtName = options.districtName ?? "Chorley";
  const base = [familySupport(), youngCarers(), parentingTogether()];
  const projects: ProfileProject[] = [...base];
  for (let i = base.length; i < (options.projectCount ?? base.length); i++) {
    const copy = structuredClone(base[i % base.length]);
    const n = String(i + 1).padStart(3, "0");
    projects.push({ ...copy, id: `${copy.id}-${n}`, reference: `ESI-CHO-${n}`, title: `${copy.title} ${n}` });
  }

  return {
    councilName: "Lancashire County Council",
    programmeName: "Early Support and Intervention",
    district: { id: options.districtId ?? "dist-chorley", name: districtName, partnershipName: `${districtName} Children and Families Partnership` },
    quarter: "2026-27 Q2",
    quarterMonths: "July–September 2026",
    financialYear: 2026,
    financialYearLabel: "2026-27",
    generatedAt: "2026-12-06T13:40:00.000Z",
    asOf: "2026-12-06",
    thresholds: { greenPercent: 95, amberPercent: 80, spendGreenVariancePercent: 10, spendAmberVariancePercent: 20 },
    upratingDefaultPercent: 2.5,
    headline: {
      allocatedPence: 13_000_000,
      committedPence: 11_850_000,
      spentPence: 5_231_000,
      spentPercentOfCommitted: (5_231_000 / 11_850_000) * 100,
      projectsLive: 3,
      peopleReachedQuarter: 318,
      peopleReachedYear: 1204,
      returnsDue: 6,
      returnsOnTime: 5,
      onTimePercent: (5 / 6) * 100,
      returnsOutstanding: 0,
      returnsAwaitingApproval: 1,
      costAvoided: { totalPence: 18_600_000, councilPence: 12_000_000, partnersPence: 6_600_000, perPound: 18_600_000 / 5_231_000 },
      rag: {
        outputs: { green: 2, amber: 0, red: 0 },
        outcomes: { green: 0, amber: 1, red: 1 },
        spend: { green: 2, amber: 1, red: 0 },
      },
    },
    spendByQuarter: [
      { quarter: "2026-27 Q1", profilePence: 2_600_000, actualPence: 2_480_000 },
      { quarter: "2026-27 Q2", profilePence: 2_900_000, actualPence: 2_751_000 },
      { quarter: "2026-27 Q3", profilePence: 3_000_000, actualPence: null },
      { quarter: "2026-27 Q4", profilePence: 3_200_000, actualPence: null },
    ],
    projects,
    atRisk: [
      {
        projectId: "prj-young-carers",
        projectTitle: "Young Carers Hub",
        provider: "Chorley Youth Partnership",
        indicatorId: "ind-yc-plans",
        indicatorName: "Young carers with a support plan",
        previousQuarter: "2026-27 Q1",
        previousRag: "amber",
        previousAchievementPercent: 85,
        quarterRag: "red",
        quarterAchievementPercent: 70,
        comment: "Our family worker left in July and the post was vacant for six weeks.",
        action: {
          id: "act-yc-plans",
          action: "Fortnightly catch-up with the hub manager until the backlog of support plans is cleared",
          owner: "Sam Patel, commissioning officer",
          dueDate: "2026-11-30",
          version: 1,
        },
      },
    ],
    context: [
      series("ctx-referrals", "CSC-REF", "Referrals to children's social care", [412, 398, 405, 431, 420, null, 389, 377]),
      series("ctx-cp", "CP-PLANS", "Children on child protection plans", [96, 101, 99, 104, 98, 95, 91, 88]),
      series("ctx-cla", "CLA", "Looked-after children", [182, 185, 187, 186, 190, 188, 186, 184]),
      series("ctx-eha", "EHA", "Early help assessments started", [140, 152, 161, 158, 170, 176, 181, 190]),
      series("ctx-step-up", "STEP-UP", "Step-ups to social care", [21, 19, 23, 20, null, null, 17, 15]),
      series("ctx-step-down", "STEP-DOWN", "Step-downs to early help", [34, 36, 35, 39, 41, 40, 44, 46]),
    ],
    caseStudies: [
      {
        id: "cs-1",
        title: "Getting back to school",
        story: "A mother of three asked for help when her eldest stopped going to school. A family worker helped set a morning routine and met the school with her; after ten weeks all three children were attending every day.",
        projectTitle: "Family Support",
        provider: "Example Trust",
        quarter: "2026-27 Q2",
        themes: ["School ready"],
        indicators: ["Families with a stable home routine"],
      },
    ],
    themes: [
      { themeId: "theme-school-ready", name: "School ready", projects: 2, spentPence: 2_900_000, peopleReached: 720 },
      { themeId: "theme-family-relationships", name: "Family relationships", projects: 2, spentPence: 4_431_000, peopleReached: 1004 },
    ],
    unitCosts: [
      {
        code: "CSC-CIN",
        item: "Child in need episode",
        valuePence: 453_000,
        per: "episode",
        priceYear: "2022-23",
        upratedValuePence: 500_000,
        agency: "Children's social care",
        bearer: "council",
        source: "Greater Manchester Combined Authority Unit Cost Database, version 2.3",
        links: [
          { projectTitle: "Family Support", indicatorName: "Families with a stable home routine", deadweightPercent: 20, attributionPercent: 25, optimismBiasPercent: 0, outcomes: 20, costAvoidedPence: 6_000_000 },
          { projectTitle: "Young Carers Hub", indicatorName: "Young carers with a support plan", deadweightPercent: 20, attributionPercent: 25, optimismBiasPercent: 0, outcomes: 20, costAvoidedPence: 6_000_000 },
        ],
      },
      {
        code: "NHS-AE",
        item: "Emergency department attendance",
        valuePence: 230_000,
        per: "attendance",
        priceYear: "2023-24",
        upratedValuePence: 250_000,
        agency: "NHS Lancashire and South Cumbria",
        bearer: "partners",
        source: "NHS England National Cost Collection 2023-24",
        links: [
          { projectTitle: "Family Support", indicatorName: "Families with a stable home routine", deadweightPercent: 20, attributionPercent: 0, optimismBiasPercent: 20, outcomes: 25, costAvoidedPence: 4_000_000 },
          { projectTitle: "Young Carers Hub", indicatorName: "Young carers with a support plan", deadweightPercent: 20, attributionPercent: 50, optimismBiasPercent: 0, outcomes: 26, costAvoidedPence: 2_600_000 },
        ],
      },
    ],
    contactEmail: "early.help@lancashire.example.gov.uk",
  };
}

function countyRow(districtId: string, districtName: string, scale: number, publishedEdition: number | null): CountyRow {
  const p = sampleProfile({ districtId, districtName }).headline;
  const pence = (n: number) => Math.round(n * scale);
  const spentPence = pence(p.spentPence);
  const costAvoidedTotal = pence(p.costAvoided.totalPence);
  const council = pence(p.costAvoided.councilPence);
  return {
    districtId,
    districtName,
    allocatedPence: pence(p.allocatedPence),
    committedPence: pence(p.committedPence),
    spentPence,
    peopleReachedYear: Math.round(p.peopleReachedYear * scale),
    projectsLive: p.projectsLive,
    rag: structuredClone(p.rag),
    returnsDue: p.returnsDue,
    returnsOnTime: p.returnsOnTime,
    onTimePercent: p.onTimePercent,
    costAvoided: { totalPence: costAvoidedTotal, councilPence: council, partnersPence: costAvoidedTotal - council, perPound: costAvoidedTotal / spentPence },
    publishedEdition,
  };
}

/** Three districts (Chorley, Preston, South Ribble) and their totals. */
export function sampleCountySummary(): CountySummary {
  const rows = [
    countyRow("dist-chorley", "Chorley", 1, 2),
    countyRow("dist-preston", "Preston", 1.5, null),
    countyRow("dist-south-ribble", "South Ribble", 0.8, 1),
  ];
  const sum = (f: (r: CountyRow) => number) => rows.reduce((t, r) => t + f(r), 0);
  const ragSum = (k: "outputs" | "outcomes" | "spend") => ({
    green: sum((r) => r.rag[k].green),
    amber: sum((r) => r.rag[k].amber),
    red: sum((r) => r.rag[k].red),
  });
  const spentPence = sum((r) => r.spentPence);
  const costTotal = sum((r) => r.costAvoided.totalPence);
  const returnsDue = sum((r) => r.returnsDue);
  const returnsOnTime = sum((r) => r.returnsOnTime);
  return {
    councilName: "Lancashire County Council",
    programmeName: "Early Support and Intervention",
    quarter: "2026-27 Q2",
    quarterMonths: "July–September 2026",
    financialYearLabel: "2026-27",
    generatedAt: "2026-12-06T13:40:00.000Z",
    rows,
    totals: {
      allocatedPence: sum((r) => r.allocatedPence),
      committedPence: sum((r) => r.committedPence),
      spentPence,
      peopleReachedYear: sum((r) => r.peopleReachedYear),
      projectsLive: sum((r) => r.projectsLive),
      rag: { outputs: ragSum("outputs"), outcomes: ragSum("outcomes"), spend: ragSum("spend") },
      returnsDue,
      returnsOnTime,
      onTimePercent: (returnsOnTime / returnsDue) * 100,
      costAvoided: {
        totalPence: costTotal,
        councilPence: sum((r) => r.costAvoided.councilPence),
        partnersPence: sum((r) => r.costAvoided.partnersPence),
        perPound: costTotal / spentPence,
      },
    },
  };
}
