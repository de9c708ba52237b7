// Demo delivery across the whole county, so every district's performance profile has
// something to show on the quarter the demo opens on (2026-27 Q2): two or three projects
// per district, their returns to date (mostly approved; some late, some waiting for the
// officer, one queried, two overdue), spend near its profile with a few exceptions,
// indicators mostly on target with a few at risk two quarters running, agreed actions,
// case studies, monitoring visits, links from outcomes to unit costs, and the ledger.
//
// Everything is fixed: ids, dates and figures come from the specs below, never from the
// clock or a random source, so two seeded databases are identical row for row. The rows go
// in as a handful of batch inserts, not one statement per row, to keep seeding fast.
import type { InsertObject, Transaction } from "kysely";
import { AGE_BANDS, BUDGET_CATEGORIES, type AgeBand, type BudgetCategory, type Database, type IndicatorDirection, type IndicatorMeasure, type ReturnStatus } from "../db/schema";
import { unitCostIdFor } from "./unit-costs";
import { financialYearOf } from "../app/lib/financial-year";
import { returnSchedule, type ScheduledReturn } from "../app/models/projects/projects.server";
import { indicatorRag, ragThresholds, type Rag } from "../app/models/projects/rag.server";
import { DEFAULT_SETTINGS } from "../app/models/admin/settings.server";
import { addDays } from "../app/lib/dates";
import { snapshotJson, type ReturnSnapshot, type SnapshotIndicator } from "../app/models/returns/snapshot.server";
import { commitmentsByYear } from "../app/lib/budget";
import { appendAuditEvent } from "../app/models/audit/chain.server";
import { confirmPerformanceAssessment, performanceBases } from "../app/models/projects/performance.server";

type Trx = Transaction<Database>;

/** The quarters filed so far in the demo, oldest first; a project files those from its start. */
export const DEMO_FILED_QUARTERS = ["2025-26 Q3", "2025-26 Q4", "2026-27 Q1", "2026-27 Q2"] as const;
type FiledQuarter = (typeof DEMO_FILED_QUARTERS)[number];

/** The demo's thresholds are the defaults; the figures below are chosen to land in their bands. */
const THRESHOLDS = ragThresholds(DEFAULT_SETTINGS);
const RETURN_DUE_DAYS = DEFAULT_SETTINGS.return_due_days;
const VISIT_THRESHOLD_PENCE = DEFAULT_SETTINGS.visit_threshold_pence;
const FUNDING_STREAM = "stream-schools-forum";
/** Every district's Schools Forum allocation for 2025-26 and 2026-27 (demo/seed.ts). */
const ALLOCATION_PENCE = 8_000_000;

// =======================================================================================
// Providers added for the demo, alongside the three in demo/seed.ts.

const PROVIDERS = [
  {
    id: "org-safe-haven", name: "Safe Haven Lancashire", type: "provider" as const, status: "approved" as const,
    charity_number: "1134567", company_number: null, org_identifier: "GB-CHC-1134567",
    address: "2 Winckley Square, Preston", postcode: "PR1 3JJ", contact_name: "Dee Ashworth", contact_email: "dee@safe-haven.demo.example",
  },
  {
    id: "org-east-lancs-mentoring", name: "East Lancashire Family Mentoring CIC", type: "provider" as const, status: "approved" as const,
    charity_number: null, company_number: "10987654", org_identifier: "GB-COH-10987654",
    address: "The Globe Centre, St James Square, Accrington", postcode: "BB5 0RE", contact_name: "Imran Hussain", contact_email: "imran@eastlancs-mentoring.demo.example",
  },
  {
    id: "org-bay-families", name: "Morecambe Bay Families Trust", type: "provider" as const, status: "approved" as const,
    charity_number: "1165432", company_number: "09876543", org_identifier: "GB-CHC-1165432",
    address: "Marine Road Central, Morecambe", postcode: "LA4 4DB", contact_name: "Helen Tyson", contact_email: "helen@bay-families.demo.example",
  },
];

// =======================================================================================
// Indicators: the shapes projects report against.

interface Template {
  kind: "output" | "outcome";
  name: string;
  definition: string;
  unit: string;
  measure: IndicatorMeasure;
  direction: IndicatorDirection;
  /** The unit cost an achieved outcome avoids, by code (demo/reference/unit-costs.csv). */
  unitCost?: string;
}

const out = (name: string, definition: string, unit: string, measure: IndicatorMeasure = "per_quarter"): Template =>
  ({ kind: "output", name, definition, unit, measure, direction: "higher" });
const outcome = (name: string, definition: string, unit: string, extra: Partial<Template> = {}): Template =>
  ({ kind: "outcome", name, definition, unit, measure: "per_quarter", direction: "higher", ...extra });
const SO_FAR = ", so far this financial year";

const T = {
  families: out("Families supported", "Families with an agreed support plan in the quarter", "families"),
  noReferral: outcome("Families who no longer need a social care referral", "Families whose needs were met without a referral to children's social care, at plan closure in the quarter", "families", { unitCost: "SS5.0" }),
  outcomeStar: outcome("Families improving on the Outcomes Star", "Families whose Outcomes Star score rose between their first and latest review in the quarter", "families"),
  plansClosed: outcome("Plans closed with needs met", `Support plans closed because the family's goals were met${SO_FAR}`, "plans", { measure: "cumulative" }),
  ypMentored: out("Young people mentored", "Young people who met their mentor at least three times in the quarter", "young people"),
  diverted: outcome("Young people diverted from the youth justice system", "Young people at risk of offending who finished the programme without a caution or charge", "young people", { unitCost: "CR4.0" }),
  asb: outcome("Repeat anti-social behaviour incidents", "Police-recorded incidents involving young people on the programme in the quarter (lower is better)", "incidents", { direction: "lower" }),
  inclusionPlans: out("Pupils with an inclusion plan", `Pupils at risk of exclusion with an agreed inclusion plan${SO_FAR}`, "pupils", "cumulative"),
  exclusionsAvoided: outcome("Exclusions avoided", "Pupils at risk of permanent exclusion who were still on roll at the end of the quarter", "pupils", { unitCost: "E&S2.0" }),
  excluded: outcome("Children excluded from school", "Suspensions and exclusions of pupils on the project in the quarter (lower is better)", "exclusions", { direction: "lower" }),
  youngDads: out("Young fathers attending", "Fathers aged 16–25 attending at least one session in the quarter", "fathers"),
  parentConfidence: outcome("Parents reporting improved confidence", "Parents whose parenting confidence score rose by two points or more by the end of the programme", "parents"),
  daSupport: out("Victims given one-to-one support", "Adults affected by domestic abuse given one-to-one support in the quarter", "adults"),
  daSafe: outcome("Domestic abuse victims supported to safety", "Victims whose risk fell from high or medium to standard, with a safety plan in place", "adults", { unitCost: "HO107" }),
  freedom: out("Women completing the Freedom Programme", `Women completing all twelve sessions${SO_FAR}`, "women", "cumulative"),
  ypSessions: out("Young people in one-to-one sessions", `Young people who started one-to-one wellbeing sessions${SO_FAR}`, "young people", "cumulative"),
  wellbeing: outcome("Children whose wellbeing improved without a CAMHS referral", "Children and young people whose wellbeing score improved and who needed no referral to CAMHS", "young people", { unitCost: "HE12.3" }),
  groupSessions: out("Young people in group sessions", `Young people attending at least four group sessions${SO_FAR}`, "young people", "cumulative"),
  parentsCompleting: out("Parents completing a parenting programme", `Parents who completed a parenting programme${SO_FAR}`, "parents", "cumulative"),
  development: outcome("Children meeting expected development at the 2-year check", "Children on the project at the expected level in every area at their 2–2½-year review", "children"),
  stayPlay: out("Children attending stay-and-play", "Children attending at least four stay-and-play sessions in the quarter", "children"),
  ypProgramme: out("Young people on the programme", "Young people aged 16–24 starting the programme in the quarter", "young people"),
  eet: outcome("Young people in education, employment or training", "Young people who were not in education, employment or training and started a course, job or apprenticeship in the quarter", "young people", { unitCost: "E&E10.0" }),
  detached: out("Young people reached by detached youth work", "Young people spoken to by detached youth workers in the quarter", "young people"),
  safetyPlans: outcome("Young people at risk of exploitation with a safety plan", `Young people at risk of exploitation with a safety plan agreed with them and their family${SO_FAR}`, "young people", { measure: "cumulative" }),
  pupilsMentored: out("Pupils mentored", "Pupils with persistent absence meeting an attendance mentor every week of the quarter", "pupils"),
  attendance: outcome("Pupils whose attendance rose above 90%", "Pupils on the project whose attendance over the quarter was above 90%", "pupils"),
  relationshipsCourse: out("Young people completing the healthy relationships course", `Young people completing all six sessions${SO_FAR}`, "young people", "cumulative"),
  saferRelationships: outcome("Young people reporting safer relationships", "Young people who say they feel safer in their relationships at the end of the course", "young people"),
  recovery: out("Parents in recovery support", "Parents with a drug or alcohol problem taking part in family recovery support in the quarter", "parents"),
  reducingUse: outcome("Parents reducing drug or alcohol use", "Parents whose use had fallen at their 12-week review, by their own and their worker's assessment", "parents", { unitCost: "HE2.2" }),
  youngCarers: out("Young carers supported", "Young carers given one-to-one support or a respite activity in the quarter", "young carers"),
  carerPlans: outcome("Young carers with a whole-family plan", `Young carers whose family has an agreed whole-family support plan${SO_FAR}`, "young carers", { measure: "cumulative" }),
  parentsProgramme: out("Parents on the programme", "Parents out of work taking part in the programme in the quarter", "parents"),
  intoWork: outcome("Parents moving into work or training", "Parents who started a job, course or volunteering placement in the quarter", "parents"),
} satisfies Record<string, Template>;

interface IndicatorSpec {
  t: Template;
  /** Per quarter; for a cumulative indicator, what each quarter adds to the year's running total. */
  target: number;
  /** The RAG each filed quarter lands in, oldest first (g, a or r); green where not given. */
  rag?: string;
  /** Figures that are not simply near the target (a figure an officer queried), by quarter. */
  actual?: Partial<Record<FiledQuarter, number>>;
  /** The provider's explanation, by quarter; a stock one is used for any figure off target. */
  comment?: Partial<Record<FiledQuarter, string>>;
  /** Deadweight, attribution and optimism bias (%) on the link to the template's unit cost. */
  link?: [number, number, number];
}

type People = "early-years" | "school" | "young" | "families" | "adults";

interface ProjectSpec {
  key: string;
  district: string;
  org: string;
  title: string;
  themes: string[];
  pounds: number;
  start: "2025-10-01" | "2026-04-01";
  /** One sentence on what happened, for the returns' highlights. */
  work: string;
  people: People;
  indicators: IndicatorSpec[];
  /** Where the 2026-27 Q2 return stands, when it is not approved. */
  q2?: "submitted" | "queried" | "draft" | "not_started";
  /** The officer's query on the 2026-27 Q2 return, when it is queried: on which indicator (position), and what. */
  query?: { indicator: number; comment: string };
  /** Quarters whose return came in after its due date. */
  late?: FiledQuarter[];
  /** Spend as a share of the profile, by quarter, where it is not close to it. */
  spend?: Partial<Record<FiledQuarter, number>>;
  spendReason?: string;
  caseStudy?: { quarter: FiledQuarter; title: string; story: string; themes: string[]; indicator: number };
  visit?: { date: string; grade: number; grades: [number, number, number, number, number]; areas: string; findings: string; action?: { action: string; owner: string; due: string } };
}

// =======================================================================================
// The projects, district by district.

const PROJECTS: ProjectSpec[] = [
  // Burnley
  {
    key: "street-mentors", district: "burnley", org: "org-pennine-youth", title: "Burnley Street Mentors", themes: ["offending", "exploitation"],
    pounds: 36_000, start: "2025-10-01", people: "young",
    work: "Mentors met young people in Burnley Wood, Stoops and the town centre three evenings a week.",
    indicators: [
      { t: T.ypMentored, target: 15 },
      { t: T.diverted, target: 4, link: [30, 40, 20] },
      { t: T.asb, target: 8, rag: "gagg", comment: { "2025-26 Q4": "Two young people new to the project were involved in most of the incidents; both now have a mentor." } },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "From the back of the bus shelter to the boxing club", themes: ["offending"], indicator: 2,
      story: "A 15-year-old known to the police for anti-social behaviour was matched with a mentor who had grown up on the same estate. Over twelve weeks they met every Tuesday and he joined a boxing club, where he now helps with the younger group. He has had no further police contact since June.",
    },
    visit: {
      date: "2026-07-09", grade: 2, grades: [2, 1, 2, 2, 2], areas: "An evening outreach session, mentoring records and the safeguarding log.",
      findings: "Mentors know the young people and the area well. Records of each session were complete; outcomes could be evidenced more consistently.",
    },
  },
  {
    key: "school-inclusion", district: "burnley", org: "org-pennine-youth", title: "Burnley School Inclusion Project", themes: ["school-attendance"],
    pounds: 28_000, start: "2026-04-01", people: "school",
    work: "Inclusion workers supported pupils at risk of exclusion in four Burnley secondary schools.",
    indicators: [
      { t: T.inclusionPlans, target: 12 },
      { t: T.exclusionsAvoided, target: 3, link: [40, 30, 15] },
      {
        t: T.excluded, target: 4, rag: "ar",
        comment: {
          "2026-27 Q1": "Five suspensions, three of them for one pupil whose placement broke down in May; a managed move is being arranged.",
          "2026-27 Q2": "Six suspensions in the first weeks of term, most in one school that changed its behaviour policy in September.",
        },
      },
    ],
  },
  {
    key: "young-dads", district: "burnley", org: "org-fylde-parenting", title: "Burnley Young Dads", themes: ["family-ready", "parenting"],
    pounds: 12_000, start: "2026-04-01", people: "adults",
    work: "A weekly dads' group ran at the Burnley family hub, with a Saturday session for working fathers.",
    indicators: [
      { t: T.youngDads, target: 8 },
      { t: T.parentConfidence, target: 5 },
    ],
  },

  // Chorley (besides Chorley Family Links, PRJ-2026-001)
  {
    key: "safe-steps", district: "chorley", org: "org-safe-haven", title: "Chorley Safe Steps", themes: ["domestic-abuse"],
    pounds: 30_000, start: "2026-04-01", people: "adults",
    work: "An independent domestic violence adviser worked from Chorley police station and the family hub.",
    indicators: [
      { t: T.daSupport, target: 12 },
      { t: T.daSafe, target: 4, link: [35, 50, 30] },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "A safe home for a mother and her children", themes: ["domestic-abuse"], indicator: 2,
      story: "A mother of three was referred after a police call-out to the family home. Her adviser helped her to get a non-molestation order and new locks fitted, and arranged support for the children at school. Her risk has fallen from high to standard and the family has stayed in their home.",
    },
    visit: {
      date: "2026-10-01", grade: 1, grades: [1, 1, 1, 2, 1], areas: "Case files, risk assessments, the MARAC log and a meeting with two service users.",
      findings: "Risk assessments were thorough and reviewed on time. Service users described the adviser as the first person who believed them.",
    },
  },
  {
    key: "youth-wellbeing", district: "chorley", org: "org-pennine-youth", title: "Chorley Youth Wellbeing", themes: ["mental-health"],
    pounds: 24_000, start: "2025-10-01", people: "young",
    work: "Wellbeing workers ran one-to-one sessions in three Chorley high schools and a Thursday drop-in at the youth centre.",
    indicators: [
      { t: T.ypSessions, target: 10 },
      {
        t: T.wellbeing, target: 6, rag: "ggaa", link: [25, 40, 20],
        comment: {
          "2026-27 Q1": "Five young people improved; two others with more complex needs were referred on to CAMHS after their assessment.",
          "2026-27 Q2": "The school nurse service changed its referral route in July, so young people reached us later and with greater needs.",
        },
      },
    ],
  },

  // Fylde
  {
    key: "bumps-to-babies", district: "fylde", org: "org-fylde-parenting", title: "Fylde Bumps to Babies", themes: ["school-ready", "parenting"],
    pounds: 30_000, start: "2025-10-01", people: "early-years",
    work: "Baby and toddler groups ran in Lytham, St Annes and Kirkham, with home visits for families who could not attend.",
    indicators: [
      { t: T.parentsCompleting, target: 10 },
      { t: T.development, target: 8 },
    ],
    caseStudy: {
      quarter: "2026-27 Q1", title: "Finding words together", themes: ["school-ready"], indicator: 2,
      story: "A young mother who had moved to the Fylde coast with no family nearby joined a toddler group after a health visitor's referral. Her son was not yet using words at two. After ten weeks of play sessions and home visits he was using more than twenty words and met every area of his two-year review.",
    },
    visit: {
      date: "2026-06-18", grade: 2, grades: [2, 2, 2, 2, 1], areas: "A toddler group in St Annes, home visit records and the budget.",
      findings: "Warm, well-planned sessions. Home visit notes were brief; the trust agreed to use the new template.",
    },
  },
  {
    key: "freedom", district: "fylde", org: "org-safe-haven", title: "Fylde Coast Freedom Programme", themes: ["domestic-abuse"],
    pounds: 22_000, start: "2026-04-01", people: "adults",
    work: "The Freedom Programme ran as a daytime group in Kirkham and an evening group in St Annes.",
    indicators: [
      { t: T.freedom, target: 8, rag: "ag", comment: { "2026-27 Q1": "The evening group started three weeks late while a venue was found, so fewer women had finished by June." } },
      { t: T.daSafe, target: 3, link: [35, 45, 30] },
    ],
  },

  // Hyndburn
  {
    key: "family-nest", district: "hyndburn", org: "org-east-lancs-mentoring", title: "Hyndburn Family Nest", themes: ["parenting", "worklessness"],
    pounds: 33_000, start: "2025-10-01", people: "families", late: ["2026-27 Q1"],
    work: "Family mentors worked with families in Accrington and Church referred by schools and the early help hub.",
    indicators: [
      { t: T.families, target: 10 },
      { t: T.noReferral, target: 4, link: [30, 35, 15] },
      {
        t: T.intoWork, target: 5, rag: "garr", actual: { "2025-26 Q4": 4, "2026-27 Q1": 2, "2026-27 Q2": 3 },
        comment: {
          "2025-26 Q4": "Four parents started courses; a fifth placement fell through when the provider closed.",
          "2026-27 Q1": "Two parents started work. The college's adult courses do not start until September, so placements agreed in June could not begin.",
          "2026-27 Q2": "Three parents started courses or jobs. Childcare for under-twos is the main barrier: the nursery waiting list in Accrington is four months.",
        },
      },
    ],
    visit: {
      date: "2026-09-24", grade: 3, grades: [3, 2, 2, 3, 2], areas: "Family files, the employment support records and a meeting with the mentors.",
      findings: "Mentors are committed and families value them. The employment strand has no clear plan and outcomes are falling behind target.",
      action: { action: "Agree an employment support plan with Jobcentre Plus and the adult college, including childcare", owner: "Imran Hussain", due: "2026-12-18" },
    },
  },
  {
    key: "ready-for-work", district: "hyndburn", org: "org-pennine-youth", title: "Hyndburn Ready for Work", themes: ["work-ready"],
    pounds: 20_000, start: "2026-04-01", people: "young",
    work: "Job coaches ran a six-week work-ready course with local employers and one-to-one coaching afterwards.",
    indicators: [
      { t: T.ypProgramme, target: 10 },
      { t: T.eet, target: 5, link: [35, 30, 20] },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "An apprenticeship at the engineering works", themes: ["work-ready"], indicator: 2,
      story: "A 19-year-old who had been out of work since leaving college joined the course after a youth worker's referral. His coach arranged a two-week taster with a local engineering firm. He was offered an apprenticeship at the end of it and started in September.",
    },
  },

  // Lancaster
  {
    key: "family-hub-outreach", district: "lancaster", org: "org-bay-families", title: "Morecambe Family Hub Outreach", themes: ["parenting", "school-ready"],
    pounds: 39_000, start: "2025-10-01", people: "families",
    work: "Outreach workers visited families at home in the West End and Poulton and ran two groups at the family hub.",
    indicators: [
      { t: T.families, target: 14 },
      { t: T.outcomeStar, target: 9 },
      { t: T.noReferral, target: 5, link: [30, 40, 15] },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "Back on track after a difficult winter", themes: ["parenting"], indicator: 3,
      story: "A family with four children was close to a referral to children's social care after the youngest stopped going to nursery. An outreach worker helped the parents set up a morning routine and sort out their debts. Nursery attendance is back to full time and the family's plan closed with their goals met.",
    },
    visit: {
      date: "2026-08-13", grade: 2, grades: [2, 2, 2, 2, 2], areas: "A home visit, the family hub group, case files and the budget.",
      findings: "Families are well supported and files are in good order. Spend is on profile.",
    },
  },
  {
    key: "healthy-relationships", district: "lancaster", org: "org-safe-haven", title: "Lancaster Healthy Relationships", themes: ["domestic-abuse", "family-ready"],
    pounds: 18_000, start: "2026-04-01", people: "young",
    work: "The healthy relationships course ran in two Lancaster high schools and at the youth centre.",
    indicators: [
      { t: T.relationshipsCourse, target: 15 },
      {
        t: T.saferRelationships, target: 10, rag: "aa",
        comment: {
          "2026-27 Q1": "Eight young people reported feeling safer; exam season meant some missed the final session, where the survey is done.",
          "2026-27 Q2": "Nine reported feeling safer. The end-of-course survey is now done in the fifth session so fewer are missed.",
        },
      },
    ],
  },
  {
    key: "families-in-recovery", district: "lancaster", org: "org-bay-families", title: "Lancaster Families in Recovery", themes: ["substance-misuse"],
    pounds: 16_000, start: "2026-04-01", people: "adults", q2: "submitted",
    work: "Recovery workers ran a parents' group alongside the community drug and alcohol service.",
    indicators: [
      { t: T.recovery, target: 6 },
      { t: T.reducingUse, target: 4, link: [40, 50, 25] },
    ],
  },

  // Pendle
  {
    key: "youth-outreach", district: "pendle", org: "org-pennine-youth", title: "Pendle Youth Outreach", themes: ["exploitation", "offending"],
    pounds: 27_000, start: "2025-10-01", people: "young", late: ["2026-27 Q2"],
    spend: { "2026-27 Q1": 0.86, "2026-27 Q2": 0.84 },
    spendReason: "A youth worker post was vacant from May to August; the new worker started in September.",
    work: "Detached youth workers went out in Nelson and Colne on Friday and Saturday evenings.",
    indicators: [
      { t: T.detached, target: 40, rag: "ggga", comment: { "2026-27 Q2": "One youth worker post was vacant until September, so one of the two evening sessions was cancelled." } },
      { t: T.safetyPlans, target: 3 },
    ],
  },
  {
    key: "attendance-champions", district: "pendle", org: "org-east-lancs-mentoring", title: "Pendle Attendance Champions", themes: ["school-attendance"],
    pounds: 25_000, start: "2026-04-01", people: "school",
    work: "Attendance mentors worked with pupils and their families in five Nelson and Brierfield schools.",
    indicators: [
      { t: T.pupilsMentored, target: 20 },
      { t: T.attendance, target: 8 },
      { t: T.exclusionsAvoided, target: 2, link: [40, 35, 15] },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "Getting through the school gate", themes: ["school-attendance"], indicator: 2,
      story: "A Year 8 pupil with anxiety had missed more than half of the spring term. Her mentor met her at the gate each morning and agreed a quiet space she could use at break. Her attendance this term is 94% and she has joined the school choir.",
    },
  },
  {
    key: "parenting-together", district: "pendle", org: "org-fylde-parenting", title: "Pendle Parenting Together", themes: ["parenting"],
    pounds: 14_000, start: "2026-04-01", people: "adults", q2: "queried",
    query: {
      indicator: 2,
      comment: "You report 14 parents with improved confidence, but only 9 completed the programme this quarter. Please check the figure against the end-of-course questionnaires.",
    },
    work: "Two evening parenting groups ran at Nelson and Barnoldswick children's centres.",
    indicators: [
      { t: T.parentsCompleting, target: 9 },
      { t: T.parentConfidence, target: 8, actual: { "2026-27 Q2": 14 } },
    ],
  },

  // Preston (besides Preston Dads Matter, PRJ-2026-002)
  {
    key: "family-support", district: "preston", org: "org-red-rose", title: "Preston Family Support", themes: ["parenting", "mental-health"],
    pounds: 36_000, start: "2025-10-01", people: "families",
    work: "Family workers supported families in Ribbleton, Fishwick and Deepdale, with a weekly drop-in at the family hub.",
    indicators: [
      { t: T.families, target: 12 },
      { t: T.noReferral, target: 5, link: [25, 40, 15] },
      { t: T.plansClosed, target: 6 },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "A calmer house", themes: ["parenting", "mental-health"], indicator: 2,
      story: "A father bringing up two boys on his own asked for help after the school raised concerns about the older boy's anger. The family worker helped him set up a routine and find a counselling service for his son. The school now reports no incidents this term and the family no longer needs a referral.",
    },
    visit: {
      date: "2026-10-22", grade: 2, grades: [2, 2, 2, 2, 2], areas: "The family hub drop-in, case files and the safeguarding log.",
      findings: "A well-run service with good links to schools. Case closure summaries could say more about what changed for the family.",
    },
  },
  {
    key: "pathways-to-work", district: "preston", org: "org-pennine-youth", title: "Preston Pathways to Work", themes: ["work-ready", "worklessness"],
    pounds: 26_000, start: "2026-04-01", people: "young", q2: "submitted", late: ["2026-27 Q2"],
    work: "Job coaches worked with young people referred by the Jobcentre and Preston's youth offer.",
    indicators: [
      { t: T.ypProgramme, target: 12 },
      { t: T.eet, target: 6, rag: "ga", link: [35, 30, 20], comment: { "2026-27 Q2": "Five young people started work or college; two offers for September were deferred to January." } },
    ],
  },

  // Ribble Valley
  {
    key: "rural-family-support", district: "ribble-valley", org: "org-east-lancs-mentoring", title: "Ribble Valley Rural Family Support", themes: ["parenting", "mental-health"],
    pounds: 15_000, start: "2026-04-01", people: "families",
    work: "A family mentor visited families in the villages around Clitheroe and Longridge.",
    indicators: [
      { t: T.families, target: 6 },
      { t: T.outcomeStar, target: 4 },
    ],
    caseStudy: {
      quarter: "2026-27 Q1", title: "Less alone", themes: ["mental-health"], indicator: 2,
      story: "A mother living on a remote farm with a new baby and a toddler was struggling with low mood. Her mentor visited weekly and helped her join a village baby group and see her GP. Her Outcomes Star score rose in every area over the quarter.",
    },
  },
  {
    key: "ready-for-school", district: "ribble-valley", org: "org-red-rose", title: "Clitheroe Ready for School", themes: ["school-ready"],
    pounds: 18_000, start: "2025-10-01", people: "early-years",
    work: "Stay-and-play sessions ran at Clitheroe library and two village halls.",
    indicators: [
      { t: T.stayPlay, target: 15 },
      { t: T.development, target: 8, rag: "gggr", comment: { "2026-27 Q2": "Five children met every area; the summer cohort was younger, so more reviews fall next quarter." } },
    ],
  },

  // Rossendale
  {
    key: "youth-mentoring", district: "rossendale", org: "org-east-lancs-mentoring", title: "Rossendale Youth Mentoring", themes: ["offending", "work-ready"],
    pounds: 24_000, start: "2025-10-01", people: "young",
    work: "Volunteer mentors met young people in Rawtenstall, Bacup and Haslingden.",
    indicators: [
      { t: T.ypMentored, target: 10 },
      { t: T.diverted, target: 3, rag: "ggrg", link: [30, 40, 20], comment: { "2026-27 Q1": "Two young people finished the programme; a third was charged with an offence committed before he joined." } },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "A mentor and a motorbike", themes: ["offending"], indicator: 2,
      story: "A 16-year-old who had been cautioned twice was matched with a volunteer mentor who restores motorbikes. They worked on a bike together every week while talking through what was happening at home. He has had no further police contact and has a place on a motor vehicle course.",
    },
  },
  {
    key: "safe-at-home", district: "rossendale", org: "org-safe-haven", title: "Rossendale Safe at Home", themes: ["domestic-abuse"],
    pounds: 20_000, start: "2026-04-01", people: "adults", q2: "not_started", late: ["2026-27 Q1"],
    work: "An outreach worker supported victims of domestic abuse referred by the police and GP surgeries.",
    indicators: [
      { t: T.daSupport, target: 8 },
      { t: T.daSafe, target: 3, link: [35, 45, 30] },
    ],
  },

  // South Ribble
  {
    key: "family-links", district: "south-ribble", org: "org-red-rose", title: "South Ribble Family Links", themes: ["parenting", "school-attendance"],
    pounds: 32_000, start: "2026-04-01", people: "families", q2: "submitted",
    spend: { "2026-27 Q1": 0.72, "2026-27 Q2": 0.9 },
    spendReason: "The second family worker started in July rather than April, so staff costs were lower than planned.",
    work: "Family workers ran drop-ins at four Leyland primary schools and visited families at home.",
    indicators: [
      { t: T.families, target: 12, rag: "ag", comment: { "2026-27 Q1": "Only one of the two family workers was in post until July." } },
      { t: T.attendance, target: 8 },
      { t: T.noReferral, target: 4, link: [30, 40, 15] },
    ],
    visit: {
      date: "2026-11-05", grade: 2, grades: [2, 2, 2, 2, 3], areas: "A school drop-in, case files and the budget monitoring sheet.",
      findings: "Good work with families and schools. The underspend in the first quarter needs a revised profile for the rest of the year.",
    },
  },
  {
    key: "teen-wellbeing", district: "south-ribble", org: "org-pennine-youth", title: "South Ribble Teen Wellbeing", themes: ["mental-health"],
    pounds: 21_000, start: "2025-10-01", people: "young",
    work: "Group wellbeing sessions ran after school in Penwortham and Leyland.",
    indicators: [
      { t: T.groupSessions, target: 12 },
      { t: T.wellbeing, target: 5, rag: "ggga", link: [25, 40, 20], comment: { "2026-27 Q2": "Four young people improved; the September group started two weeks late because of the school's induction timetable." } },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "Talking it through", themes: ["mental-health"], indicator: 2,
      story: "A 14-year-old who had stopped going out after a falling-out with friends joined the after-school group. Over eight weeks she learned ways to manage her anxiety and made two new friends in the group. Her wellbeing score rose from 31 to 44 and she did not need a CAMHS referral.",
    },
  },

  // West Lancashire
  {
    key: "young-carers", district: "west-lancashire", org: "org-bay-families", title: "West Lancashire Young Carers", themes: ["family-ready", "mental-health"],
    pounds: 30_000, start: "2025-10-01", people: "school",
    work: "Young carers' workers ran clubs in Skelmersdale and Ormskirk and visited families at home.",
    indicators: [
      { t: T.youngCarers, target: 15 },
      { t: T.carerPlans, target: 5 },
    ],
    caseStudy: {
      quarter: "2026-27 Q1", title: "Time to be ten", themes: ["family-ready"], indicator: 1,
      story: "A ten-year-old was caring for his mother, who has multiple sclerosis, and often arrived late to school. A whole-family plan brought in a morning carer and a place at the young carers' club on Saturdays. He has been on time every day this term and went on his first school trip.",
    },
    visit: {
      date: "2026-07-02", grade: 2, grades: [2, 1, 2, 2, 2], areas: "A young carers' club session, family plans and the budget.",
      findings: "Young carers clearly enjoy the clubs. Whole-family plans are good; reviews should be dated.",
    },
  },
  {
    key: "parents-into-work", district: "west-lancashire", org: "org-east-lancs-mentoring", title: "Skelmersdale Parents into Work", themes: ["worklessness", "parenting"],
    pounds: 24_000, start: "2026-04-01", people: "adults",
    spend: { "2026-27 Q1": 1.14, "2026-27 Q2": 1.12 },
    spendReason: "Childcare costs for parents on placements were higher than budgeted; the trust will reduce venue hire in Q3 and Q4.",
    work: "Employment mentors worked with parents at Skelmersdale's family hub and the job centre.",
    indicators: [
      { t: T.parentsProgramme, target: 10 },
      { t: T.intoWork, target: 3, rag: "rg", comment: { "2026-27 Q1": "Two parents started placements; the others were waiting for childcare." } },
    ],
  },

  // Wyre
  {
    key: "family-support", district: "wyre", org: "org-fylde-parenting", title: "Wyre Family Support", themes: ["parenting", "domestic-abuse"],
    pounds: 28_000, start: "2026-04-01", people: "families", q2: "draft",
    work: "Family workers supported families in Fleetwood and Thornton referred by the early help hub.",
    indicators: [
      { t: T.families, target: 10 },
      { t: T.noReferral, target: 4, link: [30, 40, 15] },
    ],
  },
  {
    key: "safer-streets", district: "wyre", org: "org-pennine-youth", title: "Wyre Safer Streets", themes: ["exploitation", "offending"],
    pounds: 27_000, start: "2025-10-01", people: "young", late: ["2025-26 Q4"],
    work: "Detached youth workers went out in Fleetwood and Poulton and ran a Friday night football session.",
    indicators: [
      { t: T.detached, target: 30 },
      { t: T.safetyPlans, target: 3 },
      { t: T.asb, target: 8, rag: "gagg", comment: { "2025-26 Q4": "A group of older young people from outside the area drew others into incidents at the seafront; the police and youth workers now patrol together." } },
    ],
    caseStudy: {
      quarter: "2026-27 Q2", title: "Friday night football", themes: ["exploitation"], indicator: 2,
      story: "A 13-year-old was spending late nights with older teenagers who were known to be carrying drugs for a county line. Youth workers met him at the Friday football session and, with his mother, agreed a safety plan. He now goes home after football and has not been seen with the group since the summer.",
    },
  },
];

/** The agreed actions on indicators at risk in 2026-27 Q2 (red or amber in Q1 and Q2). */
const AGREED_ACTIONS = [
  {
    project: "chorley-youth-wellbeing", indicator: 2, by: "user-chorley-officer", at: "2026-11-12T14:30:00.000Z",
    action: "Agree a referral route with the school nurse service so that young people are seen within two weeks, and review the figures at the January contract meeting.",
    owner: "Chris Chorley, with Pennine Youth Partnership", due: "2027-01-29",
  },
  {
    project: "burnley-school-inclusion", indicator: 3, by: "user-officer", at: "2026-11-10T10:15:00.000Z",
    action: "The inclusion worker joins each school's behaviour panel; headteachers review the suspensions data with the project at the February cluster meeting.",
    owner: "Sam Okafor, Pennine Youth Partnership", due: "2027-02-26",
  },
];

// =======================================================================================
// Words for the returns.

const STOCK_COMMENTS = [
  "Staff sickness reduced capacity for three weeks of the quarter.",
  "Referrals were slower than expected over the school holidays.",
  "Two sessions were cancelled when the venue was unavailable; they have been rescheduled.",
  "A worker left in the quarter; the post was filled a month later.",
];
const STOCK_LOWER_COMMENT = "More incidents than planned: two young people new to the project accounted for most of them.";
const CHALLENGES = [
  "Referrals from schools were uneven across the quarter.",
  "Finding rooms for evening sessions has been difficult.",
  "Some families took longer to engage than planned.",
  "Travel times across the district limit how many home visits a worker can make.",
];
const RISKS = [
  "Funding for the project ends in March 2027; the provider is looking for match funding.",
  "One worker is on a fixed-term contract; losing them would slow delivery.",
  "Demand is rising faster than the project can grow.",
  "Venue costs may rise from April.",
];
const NEXT_STEPS = [
  "Run the next cohort and review the waiting list with the early help hub.",
  "Start a second group and hold a celebration event for families who have finished.",
  "Meet the schools to plan referrals for the coming term.",
  "Update the outcomes tracker and share the results with the partnership.",
];
const SPEND_REASON = "Timing of invoices: costs fall in the next quarter.";

/** How the people a project reaches split across the age bands. */
const AGE_MIX: Record<People, Partial<Record<AgeBand, number>>> = {
  "early-years": { "0-4": 0.55, "5-10": 0.05, adults: 0.4 },
  school: { "5-10": 0.35, "11-15": 0.5, adults: 0.15 },
  young: { "11-15": 0.4, "16-19": 0.45, "20-25": 0.15 },
  families: { "0-4": 0.2, "5-10": 0.25, "11-15": 0.15, adults: 0.4 },
  adults: { "0-4": 0.15, "5-10": 0.15, adults: 0.7 },
};
/** People reached per unit of the first output (a family is about two and a half people). */
const PEOPLE_PER_UNIT: Record<People, number> = { "early-years": 2, school: 1.2, young: 1, families: 2.5, adults: 1.6 };

// Achievement factors for each RAG, cycled through so neighbouring figures differ.
const FACTORS: Record<Rag, number[]> = {
  green: [1, 1.05, 0.97, 1.1, 1.02, 0.96, 1.08],
  amber: [0.88, 0.84, 0.9],
  red: [0.7, 0.62, 0.75],
};
const SPEND_FACTORS = [1, 0.97, 1.03, 0.98, 1.02, 0.99];
const RAG_OF: Record<string, Rag> = { g: "green", a: "amber", r: "red" };

// =======================================================================================
// Working the specs out into rows.

const ts = (date: string, time = "10:00"): string => `${date}T${time}:00.000Z`;
const slug = (quarter: string): string => quarter.toLowerCase().replace(/\s+/g, "-");
const projectIdOf = (spec: Pick<ProjectSpec, "district" | "key">): string => `project-${spec.district}-${spec.key}`;
const roundPounds = (pence: number): number => Math.round(pence / 100) * 100;

/**
 * The whole number nearest the aim whose RAG is the one wanted: figures are rounded, and a
 * rounded figure must not slip into the next band.
 */
function figureIn(rag: Rag, target: number, direction: IndicatorDirection, factor: number, floor: number): number {
  const aim = direction === "higher" ? target * factor : target / factor;
  const start = Math.max(floor, Math.round(aim));
  for (let step = 0; step <= target * 2 + 10; step += 1) {
    for (const candidate of step === 0 ? [start] : [start + step, start - step]) {
      if (candidate < floor) continue;
      if (indicatorRag({ actual: candidate, target, direction }, THRESHOLDS).rag === rag) return candidate;
    }
  }
  throw new Error(`No figure is ${rag} against a target of ${target}`);
}

function splitPence(total: number, parts: number): number[] {
  const each = roundPounds(Math.floor(total / parts));
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - each * (parts - 1) : each));
}

function budgetOf(quarterPence: number): Record<"staff" | "delivery" | "overheads", number> {
  const staff = roundPounds(quarterPence * 0.7);
  const overheads = roundPounds(quarterPence * 0.1);
  return { staff, delivery: quarterPence - staff - overheads, overheads };
}

interface Built {
  projects: InsertObject<Database, "projects">[];
  themes: InsertObject<Database, "project_themes">[];
  budget: InsertObject<Database, "project_budget_lines">[];
  indicators: InsertObject<Database, "project_indicators">[];
  returns: InsertObject<Database, "returns">[];
  values: InsertObject<Database, "return_indicator_values">[];
  spend: InsertObject<Database, "return_spend">[];
  beneficiaries: InsertObject<Database, "return_beneficiaries">[];
  caseStudies: InsertObject<Database, "case_studies">[];
  caseStudyThemes: InsertObject<Database, "case_study_themes">[];
  caseStudyIndicators: InsertObject<Database, "case_study_indicators">[];
  versions: InsertObject<Database, "return_versions">[];
  queries: InsertObject<Database, "return_queries">[];
  visits: InsertObject<Database, "monitoring_visits">[];
  visitGrades: InsertObject<Database, "visit_grades">[];
  visitActions: InsertObject<Database, "visit_actions">[];
  links: (InsertObject<Database, "indicator_unit_costs"> & { unit_cost_id: string })[];
  ledger: InsertObject<Database, "ledger_entries">[];
  audit: InsertObject<Database, "audit_events">[];
}

const VISIT_AREA_KEYS = ["leadership_management", "safeguarding", "quality_of_delivery", "outcomes_impact", "financial_management"];

/** Every row the demo needs, worked out from the specs without touching the database. */
export function buildDemoProfileRows(themeNames: ReadonlyMap<string, string>): Built {
  const b: Built = {
    projects: [], themes: [], budget: [], indicators: [], returns: [], values: [], spend: [], beneficiaries: [], caseStudies: [],
    caseStudyThemes: [], caseStudyIndicators: [], versions: [], queries: [], visits: [], visitGrades: [], visitActions: [], links: [],
    ledger: [], audit: [],
  };
  const committed2026 = new Map<string, number>();
  const references = new Map<number, number>([[2025, 0], [2026, 2]]); // PRJ-2026-001 and -002 exist already

  PROJECTS.forEach((spec, pi) => {
    const projectId = projectIdOf(spec);
    const districtId = `district-${spec.district}`;
    const amountPence = spec.pounds * 100;
    const startYear = financialYearOf(spec.start);
    const number = references.get(startYear)! + 1;
    references.set(startYear, number);
    const createdAt = startYear === 2025 ? ts("2025-09-15", "11:00") : ts("2026-03-16", "11:00");
    const officer = spec.district === "chorley" ? "user-chorley-officer" : "user-officer";
    const schedule = returnSchedule(spec.start, "2027-03-31", RETURN_DUE_DAYS);
    const filed = DEMO_FILED_QUARTERS.filter((q) => schedule.some((s) => s.quarter === q));

    b.projects.push({
      id: projectId, reference: `PRJ-${startYear}-${String(number).padStart(3, "0")}`, title: spec.title, organisation_id: spec.org,
      district_id: districtId, funding_stream_id: FUNDING_STREAM, tender_id: null, bid_id: null, amount_pence: amountPence,
      start_date: spec.start, end_date: "2027-03-31", status: "active", visit_required: amountPence > VISIT_THRESHOLD_PENCE ? 1 : 0,
      created_by: "user-officer", created_at: createdAt, updated_at: createdAt, version: 1,
    });
    for (const theme of spec.themes) b.themes.push({ project_id: projectId, theme_id: `theme-${theme}` });

    // The budget: equal quarters (the last takes the odd pounds), 70% staff, 10% overheads.
    const quarterBudgets = splitPence(amountPence, schedule.length);
    const budgetByQuarter = new Map<string, Record<"staff" | "delivery" | "overheads", number>>();
    schedule.forEach((s, i) => {
      const lines = budgetOf(quarterBudgets[i]);
      budgetByQuarter.set(s.quarter, lines);
      for (const [category, pence] of Object.entries(lines)) {
        b.budget.push({ project_id: projectId, quarter: s.quarter, category: category as BudgetCategory, amount_pence: pence });
      }
    });
    const commitments = commitmentsByYear(
      [...budgetByQuarter.entries()].flatMap(([quarter, lines]) =>
        Object.entries(lines).map(([category, pence]) => ({ quarter, category: category as BudgetCategory, amountPence: pence }))),
      amountPence, spec.start,
    );
    for (const [year, pence] of commitments) {
      const id = `ledger-${projectId}-commitment-${year}`;
      addLedger(b, {
        id, district_id: districtId, funding_stream_id: FUNDING_STREAM, financial_year: year, kind: "commitment", amount_pence: pence,
        project_id: projectId, source_type: "direct", source_id: projectId, created_at: createdAt,
      }, "user-officer");
      if (year === 2026) committed2026.set(districtId, (committed2026.get(districtId) ?? 0) + pence);
    }

    // Indicators, with targets for every quarter the project runs in.
    const indicatorIds: string[] = [];
    spec.indicators.forEach((ind, i) => {
      const id = `${projectId}-indicator-${i + 1}`;
      indicatorIds.push(id);
      b.indicators.push({
        id, project_id: projectId, position: i + 1, kind: ind.t.kind, name: ind.t.name, definition: ind.t.definition, unit: ind.t.unit,
        targets_json: JSON.stringify(Object.fromEntries(schedule.map((s) => [s.quarter, targetIn(ind, s)]))),
        measure: ind.t.measure, direction: ind.t.direction, baseline: null,
      });
      if (ind.link && ind.t.unitCost) {
        if (ind.t.kind !== "outcome" || ind.t.direction !== "higher") throw new Error(`${id}: only outcomes where higher is better are linked to a unit cost`);
        const [deadweight, attribution, optimism] = ind.link;
        b.links.push({
          indicator_id: id, unit_cost_id: unitCostIdFor(ind.t.unitCost), deadweight_percent: deadweight, attribution_percent: attribution,
          optimism_bias_percent: optimism, created_by: "user-officer", created_at: ts("2026-06-01", "09:30"), updated_at: ts("2026-06-01", "09:30"), version: 1,
        });
      }
    });

    // The returns: every quarter the project runs in; the filed ones with their figures.
    const previousActual = new Map<string, number>();
    filed.forEach((quarter, qi) => {
      const s = schedule.find((x) => x.quarter === quarter)!;
      const returnId = `${projectId}-return-${slug(quarter)}`;
      const status: ReturnStatus = quarter === "2026-27 Q2" && spec.q2 ? spec.q2 : "approved";
      const submitted = status !== "not_started" && status !== "draft";
      const late = submitted && (spec.late ?? []).includes(quarter);
      const clock = `${String(9 + (pi % 8)).padStart(2, "0")}:${String((pi * 7 + qi * 11) % 60).padStart(2, "0")}`;
      const submittedAt = submitted ? ts(late ? addDays(s.dueDate, 3 + (pi % 5)) : addDays(s.dueDate, -(2 + ((pi + qi) % 6))), clock) : null;
      const approvedAt = status === "approved" ? ts(addDays(submittedAt!.slice(0, 10), 6 + ((pi + qi) % 7)), "15:20") : null;
      const queriedAt = status === "queried" ? ts(addDays(submittedAt!.slice(0, 10), 8), "11:45") : null;

      // Figures: each indicator lands in the RAG its spec asks for.
      const snapshotIndicators: SnapshotIndicator[] = [];
      const challenges: string[] = [];
      spec.indicators.forEach((ind, i) => {
        const indicatorId = indicatorIds[i];
        if (status === "draft" && ind.t.kind !== "output") return; // a draft has only its outputs so far
        if (status === "not_started") return;
        const target = targetIn(ind, s);
        const rag = RAG_OF[(ind.rag ?? "")[qi] ?? "g"];
        const fresh = s.quarterNumber === 1 || ind.t.measure === "per_quarter";
        const floor = fresh ? 0 : previousActual.get(indicatorId) ?? 0;
        const actual = ind.actual?.[quarter] ?? figureIn(rag, target, ind.t.direction, FACTORS[rag][(pi + i + qi) % FACTORS[rag].length], floor);
        previousActual.set(indicatorId, actual);
        const offTarget = indicatorRag({ actual, target, direction: ind.t.direction }, THRESHOLDS).rag !== "green";
        const comment = ind.comment?.[quarter] ?? (offTarget ? (ind.t.direction === "lower" ? STOCK_LOWER_COMMENT : STOCK_COMMENTS[(pi + qi) % STOCK_COMMENTS.length]) : null);
        if (comment && offTarget) challenges.push(comment);
        b.values.push({ return_id: returnId, indicator_id: indicatorId, actual, comment });
        snapshotIndicators.push({
          indicator_id: indicatorId, name: ind.t.name, unit: ind.t.unit, measure: ind.t.measure, direction: ind.t.direction, target, actual, comment,
        });
      });

      // Spend and people reached, for every return filed in full.
      const profile = budgetByQuarter.get(quarter)!;
      const spendFactor = spec.spend?.[quarter] ?? SPEND_FACTORS[(pi + qi) % SPEND_FACTORS.length];
      const spendRows = submitted
        ? (["staff", "delivery", "overheads"] as const).map((category) => {
            const amount = roundPounds(profile[category] * spendFactor);
            const off = Math.abs(amount - profile[category]) * 100 > DEFAULT_SETTINGS.spend_green_variance_percent * profile[category];
            return { return_id: returnId, category, amount_pence: amount, variance_reason: off ? spec.spendReason ?? SPEND_REASON : null };
          })
        : [];
      b.spend.push(...spendRows);
      const firstOutput = snapshotIndicators.find((x) => x.indicator_id === indicatorIds[0]);
      const reached = Math.round((firstOutput?.actual ?? 0) * PEOPLE_PER_UNIT[spec.people]);
      const bands = submitted
        ? Object.entries(AGE_MIX[spec.people]).map(([band, share]) => ({
            return_id: returnId, age_band: band as AgeBand,
            new_count: Math.max(1, Math.round(reached * share! * (qi === 0 ? 1 : 0.6))),
            continuing_count: qi === 0 ? 0 : Math.max(1, Math.round(reached * share! * 0.5)),
          }))
        : [];
      b.beneficiaries.push(...bands);

      const narrative = submitted
        ? {
            highlights: `${spec.work} ${firstOutput ? `${firstOutput.name}: ${firstOutput.actual} against a target of ${firstOutput.target}.` : ""}`.trim(),
            challenges: challenges.length ? challenges.join(" ") : CHALLENGES[(pi + qi) % CHALLENGES.length],
            risks: RISKS[(pi + qi * 3) % RISKS.length],
            next_steps: NEXT_STEPS[(pi + qi) % NEXT_STEPS.length],
          }
        : { highlights: null, challenges: null, risks: null, next_steps: null };

      // A case study on the return it belongs to.
      const caseStudies: ReturnSnapshot["case_studies"] = [];
      if (spec.caseStudy?.quarter === quarter) {
        if (status !== "approved") throw new Error(`${returnId}: case studies in the demo are on approved returns`);
        const cs = spec.caseStudy;
        const id = `${returnId}-case-study`;
        const indicatorId = indicatorIds[cs.indicator - 1];
        b.caseStudies.push({ id, return_id: returnId, title: cs.title, story: cs.story, consent_confirmed: 1, personal_data_override: null, created_at: submittedAt!, updated_at: submittedAt! });
        for (const theme of cs.themes) b.caseStudyThemes.push({ case_study_id: id, theme_id: `theme-${theme}` });
        b.caseStudyIndicators.push({ case_study_id: id, indicator_id: indicatorId });
        caseStudies.push({
          id, title: cs.title, story: cs.story, consent_confirmed: true, personal_data_override: null,
          themes: cs.themes.map((t) => ({ id: `theme-${t}`, name: themeNames.get(`theme-${t}`) ?? t })).sort((x, y) => x.name.localeCompare(y.name)),
          indicators: [{ id: indicatorId, name: spec.indicators[cs.indicator - 1].t.name }],
        });
      }

      const complete = submitted ? 1 : 0;
      b.returns.push({
        id: returnId, project_id: projectId, quarter, financial_year: s.financialYear, quarter_number: s.quarterNumber,
        period_start: s.periodStart, period_end: s.periodEnd, due_date: s.dueDate, status, late: late ? 1 : 0,
        outputs_complete: status === "draft" ? 1 : complete, outcomes_complete: complete, spend_complete: complete, beneficiaries_complete: complete,
        narrative_complete: complete, case_studies_complete: complete, evidence_complete: complete,
        ...narrative,
        first_submitted_at: submittedAt, submitted_at: submittedAt, submitted_by: submitted && spec.org === "org-red-rose" ? "user-provider" : null,
        approved_at: approvedAt, approved_by: approvedAt ? officer : null,
        created_at: createdAt, updated_at: approvedAt ?? queriedAt ?? submittedAt ?? (status === "draft" ? ts(addDays(s.dueDate, -3), "16:40") : createdAt),
        version: status === "approved" || status === "queried" ? 3 : status === "not_started" ? 1 : 2,
      });

      if (submitted) {
        const snapshot: ReturnSnapshot = {
          format: "return-snapshot-v1", return_id: returnId, project_id: projectId, project_reference: b.projects[b.projects.length - 1].reference as string,
          quarter, period_start: s.periodStart, period_end: s.periodEnd, due_date: s.dueDate,
          outputs: snapshotIndicators.filter((x) => spec.indicators[indicatorIds.indexOf(x.indicator_id)].t.kind === "output"),
          outcomes: snapshotIndicators.filter((x) => spec.indicators[indicatorIds.indexOf(x.indicator_id)].t.kind === "outcome"),
          spend: BUDGET_CATEGORIES.map((category) => {
            const row = spendRows.find((r) => r.category === category);
            return {
              category, profile_pence: category === "other" ? 0 : profile[category], amount_pence: row?.amount_pence ?? null, variance_reason: row?.variance_reason ?? null,
            };
          }),
          beneficiaries: (() => {
            const all = AGE_BANDS.map((band) => {
              const row = bands.find((x) => x.age_band === band);
              return { age_band: band, new_count: row?.new_count ?? 0, continuing_count: row?.continuing_count ?? 0 };
            });
            const totalNew = all.reduce((sum, x) => sum + x.new_count, 0);
            const totalContinuing = all.reduce((sum, x) => sum + x.continuing_count, 0);
            return { bands: all, total_new: totalNew, total_continuing: totalContinuing, total: totalNew + totalContinuing };
          })(),
          narrative,
          case_studies: caseStudies,
          evidence: [],
        };
        b.versions.push({ id: `${returnId}-v1`, return_id: returnId, number: 1, content_json: snapshotJson(snapshot), submitted_at: submittedAt!, submitted_by: submitted && spec.org === "org-red-rose" ? "user-provider" : null });
      }

      if (status === "queried") {
        if (!spec.query) throw new Error(`${returnId}: a queried return needs the officer's query`);
        const ind = spec.indicators[spec.query.indicator - 1];
        b.queries.push({
          id: `${returnId}-query-1`, return_id: returnId, version_number: 1, section: ind.t.kind === "output" ? "outputs" : "outcomes",
          indicator_id: indicatorIds[spec.query.indicator - 1], comment: spec.query.comment, created_by: officer, created_at: queriedAt!,
        });
      }

      if (status === "approved") {
        addLedger(b, {
          id: `ledger-${returnId}-spend`, district_id: districtId, funding_stream_id: FUNDING_STREAM, financial_year: s.financialYear, kind: "spend",
          amount_pence: spendRows.reduce((sum, r) => sum + r.amount_pence, 0), project_id: projectId, source_type: "return", source_id: returnId,
          created_at: approvedAt!,
        }, officer);
      }
    });

    // The returns still to come.
    for (const s of schedule.filter((x) => !(filed as readonly string[]).includes(x.quarter))) {
      b.returns.push({
        id: `${projectId}-return-${slug(s.quarter)}`, project_id: projectId, quarter: s.quarter, financial_year: s.financialYear, quarter_number: s.quarterNumber,
        period_start: s.periodStart, period_end: s.periodEnd, due_date: s.dueDate, status: "not_started", late: 0,
        outputs_complete: 0, outcomes_complete: 0, spend_complete: 0, beneficiaries_complete: 0, narrative_complete: 0, case_studies_complete: 0,
        evidence_complete: 0, highlights: null, challenges: null, risks: null, next_steps: null, first_submitted_at: null, submitted_at: null,
        submitted_by: null, approved_at: null, approved_by: null, created_at: createdAt, updated_at: createdAt, version: 1,
      });
    }

    if (spec.visit) {
      const v = spec.visit;
      const id = `visit-${spec.district}-${spec.key}`;
      const recorded = ts(addDays(v.date, 1), "09:00");
      b.visits.push({
        id, project_id: projectId, visit_date: v.date, officer_id: officer, areas_seen: v.areas, findings: v.findings, overall_grade: v.grade,
        created_by: officer, created_at: recorded, updated_at: recorded, version: 1,
      });
      VISIT_AREA_KEYS.forEach((area, i) => b.visitGrades.push({ visit_id: id, area, grade: v.grades[i] }));
      if (v.action) {
        b.visitActions.push({
          id: `${id}-action-1`, visit_id: id, action: v.action.action, owner: v.action.owner, due_date: v.action.due, status: "open",
          closed_at: null, closed_by: null, closing_note: null, version: 1,
        });
      }
    }
  });

  for (const [districtId, pence] of committed2026) {
    // PRJ-2026-001 (£18,000, Chorley) and PRJ-2026-002 (£6,000, Preston) are committed already.
    const existing = districtId === "district-chorley" ? 1_800_000 : districtId === "district-preston" ? 600_000 : 0;
    if (pence + existing > ALLOCATION_PENCE) throw new Error(`${districtId}: the demo commits more than its 2026-27 allocation`);
  }
  return b;
}

function targetIn(ind: IndicatorSpec, s: ScheduledReturn): number {
  // Cumulative targets are running totals within the financial year; the project's first
  // quarter in a year counts from the quarter it started, not from April.
  if (ind.t.measure === "per_quarter") return ind.target;
  const quartersIn = s.financialYear === 2025 ? s.quarterNumber - 2 : s.quarterNumber;
  return ind.target * quartersIn;
}

function addLedger(b: Built, row: InsertObject<Database, "ledger_entries"> & { id: string; kind: "commitment" | "spend" }, actor: string): void {
  b.ledger.push(row);
  b.audit.push({
    id: `audit-${row.id}`, actor_user_id: actor, action: `ledger.${row.kind}_recorded`, record_type: "ledger_entry", record_id: row.id,
    before_json: null, after_json: JSON.stringify(row), ip: null, created_at: row.created_at as string,
  });
}

/** Batches small enough for either engine's limit on bound parameters. */
async function insertAll<T extends keyof Database & string>(trx: Trx, table: T, rows: readonly InsertObject<Database, T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx.insertInto(table).values(rows.slice(i, i + 200) as InsertObject<Database, T>[]).execute();
  }
}

/**
 * The demo's delivery across all twelve districts. Runs after seedDemoTenders and
 * seedDemoReturns (it numbers projects after PRJ-2026-001 and -002 and chooses Chorley's
 * existing case study) and after seedUnitCosts (it links outcomes to unit costs).
 */
export async function seedDemoProfiles(trx: Trx): Promise<void> {
  const [themes, unitCosts, existing] = await Promise.all([
    trx.selectFrom("themes").select(["id", "name"]).execute(),
    trx.selectFrom("unit_costs").select("id").execute(),
    trx
      .selectFrom("projects")
      .leftJoin("returns", (join) => join.onRef("returns.project_id", "=", "projects.id").on("returns.quarter", "=", "2026-27 Q1"))
      .select(["projects.id", "projects.reference", "returns.id as q1_return_id"])
      .where("projects.reference", "in", ["PRJ-2026-001", "PRJ-2026-002"])
      .execute(),
  ]);
  const b = buildDemoProfileRows(new Map(themes.map((t) => [t.id, t.name])));
  const knownCosts = new Set(unitCosts.map((u) => u.id));
  const missing = [...new Set(b.links.map((l) => l.unit_cost_id).filter((id) => !knownCosts.has(id)))];
  if (missing.length) throw new Error(`Seed the unit costs before the demo profiles: ${missing.join(", ")} missing`);

  await insertAll(trx, "organisations", PROVIDERS.map((o) => ({ ...o, created_at: ts("2025-06-02", "09:00"), updated_at: ts("2025-06-02", "09:00"), version: 1 })));
  await insertAll(trx, "projects", b.projects);
  await insertAll(trx, "project_themes", b.themes);
  await insertAll(trx, "project_budget_lines", b.budget);
  await insertAll(trx, "project_indicators", b.indicators);
  await insertAll(trx, "returns", b.returns);
  await insertAll(trx, "return_indicator_values", b.values);
  await insertAll(trx, "return_spend", b.spend);
  await insertAll(trx, "return_beneficiaries", b.beneficiaries);
  await insertAll(trx, "case_studies", b.caseStudies);
  await insertAll(trx, "case_study_themes", b.caseStudyThemes);
  await insertAll(trx, "case_study_indicators", b.caseStudyIndicators);
  await insertAll(trx, "return_versions", b.versions);
  await insertAll(trx, "return_queries", b.queries);
  await insertAll(trx, "monitoring_visits", b.visits);
  await insertAll(trx, "visit_grades", b.visitGrades);
  await insertAll(trx, "visit_actions", b.visitActions);
  await insertAll(trx, "indicator_unit_costs", b.links);
  await insertAll(trx, "ledger_entries", b.ledger);
  // Through the chain, as the portal writes them, so the demo's audit trail verifies.
  for (const event of b.audit) await appendAuditEvent(trx, event as Parameters<typeof appendAuditEvent>[1]);

  await insertAll(trx, "profile_actions", AGREED_ACTIONS.map((a, i) => ({
    id: `profile-action-${i + 1}`, indicator_id: `project-${a.project}-indicator-${a.indicator}`, quarter: "2026-27 Q2",
    action: a.action, owner: a.owner, due_date: a.due, created_by: a.by, created_at: a.at, updated_at: a.at, version: 1,
  })));

  // Chorley's officer has chosen two stories for the board: this quarter's, and Family Links' from Q1.
  const familyLinks = existing.find((p) => p.reference === "PRJ-2026-001");
  const chosen = ["project-chorley-safe-steps-return-2026-27-q2-case-study"];
  if (familyLinks?.q1_return_id) {
    const story = await trx.selectFrom("case_studies").select("id").where("id", "=", `${familyLinks.q1_return_id}-case-study`).executeTakeFirst();
    if (story) chosen.push(story.id);
  }
  await insertAll(trx, "profile_case_studies", chosen.map((id, i) => ({
    district_id: "district-chorley", quarter: "2026-27 Q2", case_study_id: id, position: i + 1, chosen_by: "user-chorley-officer",
    chosen_at: ts("2026-11-12", "14:40"),
  })));

  // Chorley's officer has written to the board for 2026-27 Q2: the district's commentary and a
  // recommendation on each of the two projects with a return this quarter.
  await insertAll(trx, "profile_commentaries", [{
    id: "profile-commentary-chorley-2026-27-q2", district_id: "district-chorley", quarter: "2026-27 Q2",
    commentary: "Reach is ahead of last year and returns are on time. Family Links' outcomes dipped over the summer, as schools were closed; "
      + "Safe Steps is on track. Both are recommended to continue, Family Links on condition that referrals recover by Q4.",
    created_by: "user-chorley-officer", created_at: ts("2026-11-12", "15:05"), updated_at: ts("2026-11-12", "15:05"), version: 1,
  }]);
  const safeSteps = await trx.selectFrom("projects").select("id").where("id", "=", "project-chorley-safe-steps").executeTakeFirst();
  await insertAll(trx, "profile_recommendations", [
    ...(familyLinks ? [{
      id: "profile-recommendation-family-links-2026-27-q2", project_id: familyLinks.id, quarter: "2026-27 Q2", recommendation: "continue_with_conditions" as const,
      commentary: "Keep funding: attendance outcomes are good, but new referrals fell over the summer. Review at Q4 that health-visitor referrals have recovered.",
      created_by: "user-chorley-officer", created_at: ts("2026-11-12", "15:10"), updated_at: ts("2026-11-12", "15:10"), version: 1,
    }] : []),
    ...(safeSteps ? [{
      id: "profile-recommendation-safe-steps-2026-27-q2", project_id: safeSteps.id, quarter: "2026-27 Q2", recommendation: "continue" as const,
      commentary: "On track against every target, with a good monitoring visit.",
      created_by: "user-chorley-officer", created_at: ts("2026-11-12", "15:12"), updated_at: ts("2026-11-12", "15:12"), version: 1,
    }] : []),
  ]);

  // Preston Dads Matter (demo/returns.ts) was made without a tender, so it has no themes of its own.
  if (existing.some((p) => p.reference === "PRJ-2026-002")) {
    const dads = existing.find((p) => p.reference === "PRJ-2026-002")!;
    await insertAll(trx, "project_themes", [{ project_id: dads.id, theme_id: "theme-parenting" }, { project_id: dads.id, theme_id: "theme-family-ready" }]);
  }

  // 2025-26's annual performance assessments, confirmed in April, for the projects that ran
  // in it: the proposal taken, except where a visit said more than the figures.
  const thresholds = ragThresholds(DEFAULT_SETTINGS);
  const assessed = b.projects.filter((p) => p.start_date < "2026-04-01");
  for (const [index, p] of assessed.entries()) {
    const [basis] = await performanceBases(trx, String(p.id), [2025], thresholds);
    if (!basis.proposed) continue;
    const lowered = index === 1 && basis.proposed === "good";
    await confirmPerformanceAssessment(trx, { actorUserId: "user-officer", ip: null }, {
      projectId: String(p.id), basis, version: 0, now: new Date(`2026-04-${String(20 + index).padStart(2, "0")}T10:00:00.000Z`),
      rating: lowered ? "approaching_target" : basis.proposed,
      reason: lowered ? "The figures are on target, but the visit found the waiting list growing: we will look again at Q2." : "",
    });
  }
}
