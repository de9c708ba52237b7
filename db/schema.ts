// The database as the app sees it. Migrations never import this file: they are frozen in
// time, while these types follow the latest migration.
import type { ColumnType } from "kysely";

/** 0 or 1: booleans are stored as integers so both engines agree. */
export type Flag = number;

export type Role = "provider" | "panel" | "officer" | "viewer" | "admin";
export const ROLES: readonly Role[] = ["provider", "panel", "officer", "viewer", "admin"];

export interface OrganisationsTable {
  id: string;
  name: string;
  type: "council" | "provider";
  status: "pending" | "approved" | "rejected";
  charity_number: string | null;
  company_number: string | null;
  org_identifier: string | null;
  address: string | null;
  postcode: string | null;
  contact_name: string | null;
  contact_email: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  organisation_id: string | null;
  county_wide: Flag;
  is_active: Flag;
  failed_sign_ins: number;
  locked_until: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Sessions started before this are void (a reset, a change of password or roles). */
  sessions_valid_after: DbDefault<string | null>;
  /** Two-step verification (app/models/accounts/two-step.server.ts): the TOTP secret, base32. */
  totp_secret: DbDefault<string | null>;
  totp_enabled_at: DbDefault<string | null>;
  /** The last 30-second step a code was accepted for: a code works once. */
  totp_last_step: DbDefault<number | null>;
  /** Single sign-on: "<issuer> <sub>" of the council account linked at its first sign-in. */
  oidc_subject: DbDefault<string | null>;
}

/** A person's private calendar feed: the id is the SHA-256 hash of the token in its address. */
export interface CalendarFeedsTable {
  id: string;
  user_id: string;
  created_at: string;
}

/** Single-use codes for signing in without the authenticator app, kept as SHA-256 hashes. */
export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role: Role;
}

export interface UserDistrictsTable {
  user_id: string;
  district_id: string;
}

export interface DistrictsTable {
  id: string;
  name: string;
  ons_code: string;
  partnership_name: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface FundingStreamsTable {
  id: string;
  name: string;
  description: string;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AllocationsTable {
  id: string;
  funding_stream_id: string;
  district_id: string;
  /** The calendar year the financial year starts in: 2025 is 2025-26. */
  financial_year: number;
  amount_pence: number;
  created_at: string;
  updated_at: string;
}

export interface ThemesTable {
  id: string;
  name: string;
  description: string;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditEventsTable {
  id: string;
  actor_user_id: string | null;
  action: string;
  record_type: string;
  record_id: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  created_at: string;
  /** Place in the tamper-evident chain (app/models/audit/chain.server.ts). */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The chain's last event: one row, locked by every transaction that appends to the chain. */
export interface AuditChainHeadTable {
  id: string;
  seq: number;
  hash: string;
}

/**
 * A named lock: a transaction that must not be overtaken writes its row first and holds it to
 * commit (app/models/locks.server.ts). The name says what it guards: "settings",
 * "context:<district id>", "funding:<stream id>".
 */
export interface LocksTable {
  name: string;
}

/** A sequence handed out in the transaction that uses it: "project-reference:2026" → 14. */
export interface CountersTable {
  name: string;
  /** The last number handed out. */
  value: number;
}

/** A signed-in session. The id is the SHA-256 of the token in the cookie. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

/** Background work, claimed by a worker with a lease (app/models/jobs/queue.server.ts). */
export interface JobsTable {
  id: string;
  kind: string;
  payload_json: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_after: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  progress_json: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Requests counted to throttle them (password reset e-mails, per address and per client). */
export interface ThrottleEventsTable {
  id: string;
  kind: string;
  key: string;
  at: string;
}

export type TokenPurpose = "invitation" | "password_reset";

export interface AccountTokensTable {
  id: string;
  user_id: string;
  purpose: TokenPurpose;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface SignInAttemptsTable {
  id: string;
  ip: string;
  email: string;
  succeeded: Flag;
  attempted_at: string;
}


export type TenderProcedure = "light_touch" | "below_threshold" | "grant_competition";
export type TenderStoredStatus = "draft" | "published" | "evaluation" | "awarded" | "cancelled";

export interface TendersTable {
  id: string;
  reference: string;
  title: string;
  specification: string;
  funding_stream_id: string;
  max_budget_pence: number;
  /** ISO dates. */
  contract_start: string;
  contract_end: string;
  /** ISO date-times (UTC). Open and closed follow the clock from these; no job flips them. */
  opens_at: string;
  closes_at: string;
  /** Optional: questions may be asked until then (ISO UTC); with none, until the tender closes. */
  clarifications_close_at: DbDefault<string | null>;
  /** Optional: the panel's scores are due by the end of this day (an ISO date). */
  scoring_due_on: DbDefault<string | null>;
  status: TenderStoredStatus;
  /** How it is run under the Procurement Act: see app/models/tenders/procedures.ts. */
  procedure: DbDefault<TenderProcedure>;
  published_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  /** The contract was entered and the projects went live: the last step of the award. */
  awarded_at: string | null;
  /**
   * The award's earlier steps (app/models/awards/): the decisions recorded (the intention to
   * award) and the assessment summaries sent; the contract award notice and the standstill's
   * last day (an ISO date), or why it was waived. Null on a step the procedure skips.
   */
  award_intended_at: string | null;
  /** Why the award may go beyond the remaining allocation, given with the decisions. */
  award_override_reason: string | null;
  summaries_sent_at: string | null;
  award_notice_at: string | null;
  standstill_last_day: string | null;
  standstill_waived_reason: string | null;
  /** The conflicts assessment (s83) was last reviewed then, by them. */
  conflicts_reviewed_at: string | null;
  conflicts_reviewed_by: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TenderDistrictsTable {
  tender_id: string;
  district_id: string;
}

export interface TenderThemesTable {
  tender_id: string;
  theme_id: string;
}

export interface TenderCriteriaTable {
  id: string;
  tender_id: string;
  position: number;
  name: string;
  weight_percent: number;
  guidance: string;
  max_score: number;
}

export interface TenderQuestionsTable {
  id: string;
  tender_id: string;
  position: number;
  text: string;
  word_limit: number;
  criterion_id: string | null;
}

export type ConflictRole = "officer" | "panel" | "adviser";

/** One person's entry in a tender's conflicts assessment; a revision is a new row. */
export interface ConflictAssessmentEntriesTable {
  id: string;
  tender_id: string;
  person_user_id: string;
  role: ConflictRole;
  /** What they declared; "" when they declared nothing. */
  interest: string;
  mitigation: string;
  revision: number;
  recorded_by: string | null;
  recorded_at: string;
}

/** The s71 scale, best first (app/models/projects/performance.ts). */
export type PerformanceRating = "good" | "approaching_target" | "requires_improvement" | "inadequate";

export interface PerformanceAssessmentsTable {
  id: string;
  project_id: string;
  financial_year: number;
  /** What the year's RAG and visit grades suggest; null when there was nothing to go on. */
  proposed_rating: PerformanceRating | null;
  rating: PerformanceRating;
  /** The figures the proposal was made from, as they were when it was confirmed. */
  basis_json: string;
  /** Why the rating differs from the proposal, or a note; "" when neither. */
  reason: string;
  confirmed_by: string | null;
  confirmed_at: string;
  version: number;
}

export interface TenderAmendmentsTable {
  id: string;
  tender_id: string;
  summary: string;
  material: Flag;
  changes_json: string;
  created_by: string | null;
  created_at: string;
}

export interface ClarificationsTable {
  id: string;
  tender_id: string;
  organisation_id: string;
  asked_by: string;
  question: string;
  answer: string | null;
  status: "asked" | "published";
  asked_at: string;
  answered_at: string | null;
  answered_by: string | null;
  version: number;
}

export type FileOwnerType = "tender" | "bid" | "return" | "project";

export interface FilesTable {
  id: string;
  owner_type: FileOwnerType;
  owner_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
  created_at: string;
}

export interface TenderPanelMembersTable {
  tender_id: string;
  user_id: string;
  assigned_at: string;
  scores_submitted_at: string | null;
}

export type BidStatus = "draft" | "submitted" | "withdrawn" | "successful" | "unsuccessful";

export interface BidsTable {
  id: string;
  tender_id: string;
  organisation_id: string;
  district_id: string | null;
  title: string;
  status: BidStatus;
  amount_pence: number | null;
  submitted_at: string | null;
  submitted_by: string | null;
  fingerprint: string | null;
  needs_confirmation: Flag;
  withdrawn_at: string | null;
  decision_feedback: string | null;
  decided_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface BidAnswersTable {
  bid_id: string;
  question_id: string;
  answer: string;
}

export type BudgetCategory = "staff" | "delivery" | "overheads" | "other";
export const BUDGET_CATEGORIES: readonly BudgetCategory[] = ["staff", "delivery", "overheads", "other"];

export interface BudgetLinesTable {
  quarter: string;
  category: BudgetCategory;
  amount_pence: number;
}

export interface BidBudgetLinesTable extends BudgetLinesTable {
  bid_id: string;
}

export interface IndicatorColumns {
  id: string;
  position: number;
  kind: "output" | "outcome";
  name: string;
  definition: string;
  unit: string;
  /** {"2026-27 Q1": 20, …} */
  targets_json: string;
}

export interface BidIndicatorsTable extends IndicatorColumns {
  bid_id: string;
}

export interface PanelDeclarationsTable {
  bid_id: string;
  user_id: string;
  conflict: Flag;
  reason: string | null;
  declared_at: string;
}

export interface PanelScoresTable {
  bid_id: string;
  criterion_id: string;
  user_id: string;
  score: number;
  comment: string;
  updated_at: string;
}

export interface ConsensusScoresTable {
  bid_id: string;
  criterion_id: string;
  score: number;
  rationale: string;
  recorded_by: string | null;
  recorded_at: string;
}

export type ProjectStatus = "active" | "suspended" | "completed" | "terminated";

export interface ProjectsTable {
  id: string;
  reference: string;
  title: string;
  organisation_id: string;
  district_id: string;
  funding_stream_id: string;
  tender_id: string | null;
  bid_id: string | null;
  amount_pence: number;
  start_date: string;
  end_date: string;
  status: ProjectStatus;
  visit_required: Flag;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ProjectBudgetLinesTable extends BudgetLinesTable {
  project_id: string;
}

export type IndicatorMeasure = "per_quarter" | "cumulative";
export type IndicatorDirection = "higher" | "lower";

export interface ProjectIndicatorsTable extends IndicatorColumns {
  project_id: string;
  /** per_quarter: each quarter's figure stands alone; cumulative: a running total to date. */
  measure: DbDefault<IndicatorMeasure>;
  direction: DbDefault<IndicatorDirection>;
  baseline: number | null;
}

export interface ProjectVariationsTable {
  id: string;
  project_id: string;
  agreed_on: string;
  reason: string;
  changes_json: string;
  created_by: string | null;
  created_at: string;
}

export type ReturnStatus = "not_started" | "draft" | "submitted" | "queried" | "resubmitted" | "approved";
export const RETURN_SECTIONS = ["outputs", "outcomes", "spend", "beneficiaries", "narrative", "case_studies", "evidence"] as const;
export type ReturnSection = (typeof RETURN_SECTIONS)[number];
export const AGE_BANDS = ["0-4", "5-10", "11-15", "16-19", "20-25", "adults"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface ReturnsTable {
  id: string;
  project_id: string;
  quarter: string;
  financial_year: number;
  quarter_number: number;
  period_start: string;
  period_end: string;
  due_date: string;
  status: ReturnStatus;
  late: Flag;
  outputs_complete: Flag;
  outcomes_complete: Flag;
  spend_complete: Flag;
  beneficiaries_complete: Flag;
  narrative_complete: Flag;
  case_studies_complete: Flag;
  evidence_complete: Flag;
  highlights: string | null;
  challenges: string | null;
  risks: string | null;
  next_steps: string | null;
  first_submitted_at: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  approved_at: string | null;
  approved_by: string | null;
  /** The last reminder an officer sent by hand (app/models/returns/chase.server.ts), and who sent it. */
  reminded_at: string | null;
  reminded_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ReturnIndicatorValuesTable {
  return_id: string;
  indicator_id: string;
  actual: number;
  comment: string | null;
}

export interface ReturnSpendTable {
  return_id: string;
  category: BudgetCategory;
  amount_pence: number;
  variance_reason: string | null;
}

export interface ReturnBeneficiariesTable {
  return_id: string;
  age_band: AgeBand;
  new_count: number;
  continuing_count: number;
}

export interface CaseStudiesTable {
  id: string;
  return_id: string;
  title: string;
  story: string;
  consent_confirmed: Flag;
  /** Why the provider kept text the personal-data check flagged (a false positive). */
  personal_data_override: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseStudyThemesTable {
  case_study_id: string;
  theme_id: string;
}

export interface CaseStudyIndicatorsTable {
  case_study_id: string;
  indicator_id: string;
}

export interface ReturnVersionsTable {
  id: string;
  return_id: string;
  number: number;
  content_json: string;
  submitted_at: string;
  submitted_by: string | null;
}

export interface ReturnQueriesTable {
  id: string;
  return_id: string;
  version_number: number;
  section: string;
  indicator_id: string | null;
  comment: string;
  created_by: string | null;
  created_at: string;
}

export type OfficerNotificationKind = "return_submitted" | "clarification_asked" | "registration_waiting";

/** An e-mail an officer has turned off (each is on unless a row says otherwise). */
export interface NotificationOptOutsTable {
  id: string;
  user_id: string;
  kind: OfficerNotificationKind;
  created_at: string;
}

export type ProjectRecommendation = "continue" | "continue_with_conditions" | "review" | "decommission";

/** The officer's recommendation to the board on a project, for one quarter's profile. */
export interface ProfileRecommendationsTable {
  id: string;
  project_id: string;
  quarter: string;
  recommendation: ProjectRecommendation;
  commentary: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** The officer's commentary on a district, for one quarter's profile. */
export interface ProfileCommentariesTable {
  id: string;
  district_id: string;
  quarter: string;
  commentary: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RemindersSentTable {
  id: string;
  kind: "due_soon" | "overdue" | "digest";
  subject_id: string;
  period_key: string;
  sent_at: string;
}

export interface MonitoringVisitsTable {
  id: string;
  project_id: string;
  visit_date: string;
  officer_id: string | null;
  areas_seen: string;
  findings: string;
  /** 1 Outstanding, 2 Good, 3 Adequate, 4 Inadequate. */
  overall_grade: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface VisitGradesTable {
  visit_id: string;
  area: string;
  grade: number;
}

export interface VisitActionsTable {
  id: string;
  visit_id: string;
  action: string;
  owner: string;
  due_date: string;
  status: "open" | "closed";
  closed_at: string | null;
  closed_by: string | null;
  closing_note: string | null;
  version: number;
}

export interface LedgerEntriesTable {
  id: string;
  district_id: string;
  funding_stream_id: string;
  financial_year: number;
  kind: "commitment" | "spend";
  amount_pence: number;
  project_id: string | null;
  source_type: string;
  source_id: string;
  created_at: string;
}

export interface ContextIndicatorsTable {
  id: string;
  code: string;
  name: string;
  description: string;
  position: number;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ProjectThemesTable {
  project_id: string;
  theme_id: string;
}

export interface ContextValuesTable {
  district_id: string;
  indicator_id: string;
  quarter: string;
  value: number;
  updated_by: string | null;
  updated_at: string;
}

/** Who bears a cost that early help avoids: the council itself, or its partners (NHS, police, DWP…). */
export type CostBearer = "council" | "partners";

export interface UnitCostsTable {
  id: string;
  code: string;
  item: string;
  value_pence: number;
  /** "year", "week", "each"…: what one unit of the value is. */
  per: string;
  /** The financial year the value was priced in: 2013 is 2013-14. */
  price_year: number;
  cost_type: string;
  agency: string;
  bearer: CostBearer;
  source: string;
  is_active: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface UpratingRatesTable {
  /** The rate applies going into this financial year (from the one before). */
  financial_year: number;
  rate_percent: number;
  updated_at: string;
}

export interface IndicatorUnitCostsTable {
  indicator_id: string;
  unit_cost_id: string;
  deadweight_percent: number;
  attribution_percent: number;
  optimism_bias_percent: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ProfileActionsTable {
  id: string;
  indicator_id: string;
  quarter: string;
  action: string;
  owner: string;
  due_date: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ProfileCaseStudiesTable {
  district_id: string;
  quarter: string;
  case_study_id: string;
  position: number;
  chosen_by: string | null;
  chosen_at: string;
}

export interface PublishedProfilesTable {
  id: string;
  district_id: string;
  quarter: string;
  edition: number;
  published_at: string;
  published_by: string | null;
  figures_json: string;
  figures_sha256: string;
  pdf: Uint8Array;
  pdf_sha256: string;
  pdf_size_bytes: number;
  /** Chosen at publication: on the public pages too (1), or for signed-in readers only (0). */
  is_public: DbDefault<Flag>;
}

export type CountyPackStatus = "queued" | "building" | "done" | "failed";

export interface CountyPacksTable {
  id: string;
  quarter: string;
  status: CountyPackStatus;
  districts_done: number;
  districts_total: number;
  pdf: Uint8Array | null;
  pdf_sha256: string | null;
  error: string | null;
  requested_by: string | null;
  created_at: string;
  finished_at: string | null;
  /** 1 when built to publish: stamped with its edition, readable by the board once done. */
  to_publish: DbDefault<number>;
  /** The published edition for its quarter, set when a pack built to publish is done; null for drafts. */
  edition: number | null;
  published_at: string | null;
}

/** A district's computed profile for a quarter, kept while nothing has changed (app/models/profiles/results.server.ts). */
export interface ProfileResultsTable {
  district_id: string;
  quarter: string;
  as_of: string;
  /** The audit chain's sequence number read before the figures were: any later change moves it. */
  change_seq: number;
  figures_json: string;
  /** The profile's digest (ProfileDigest): null in rows kept before digests were. */
  digest_json: string | null;
  computed_at: string;
}

export interface Database {
  sessions: SessionsTable;
  jobs: JobsTable;
  throttle_events: ThrottleEventsTable;
  audit_chain_head: AuditChainHeadTable;
  locks: LocksTable;
  counters: CountersTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  user_districts: UserDistrictsTable;
  districts: DistrictsTable;
  funding_streams: FundingStreamsTable;
  allocations: AllocationsTable;
  themes: ThemesTable;
  settings: SettingsTable;
  audit_events: AuditEventsTable;
  account_tokens: AccountTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  recovery_codes: RecoveryCodesTable;
  calendar_feeds: CalendarFeedsTable;
  tenders: TendersTable;
  tender_districts: TenderDistrictsTable;
  tender_themes: TenderThemesTable;
  tender_criteria: TenderCriteriaTable;
  tender_questions: TenderQuestionsTable;
  tender_amendments: TenderAmendmentsTable;
  conflict_assessment_entries: ConflictAssessmentEntriesTable;
  performance_assessments: PerformanceAssessmentsTable;
  clarifications: ClarificationsTable;
  files: FilesTable;
  tender_panel_members: TenderPanelMembersTable;
  bids: BidsTable;
  bid_answers: BidAnswersTable;
  bid_budget_lines: BidBudgetLinesTable;
  bid_indicators: BidIndicatorsTable;
  panel_declarations: PanelDeclarationsTable;
  panel_scores: PanelScoresTable;
  consensus_scores: ConsensusScoresTable;
  projects: ProjectsTable;
  project_budget_lines: ProjectBudgetLinesTable;
  project_indicators: ProjectIndicatorsTable;
  ledger_entries: LedgerEntriesTable;
  project_variations: ProjectVariationsTable;
  returns: ReturnsTable;
  return_indicator_values: ReturnIndicatorValuesTable;
  return_spend: ReturnSpendTable;
  return_beneficiaries: ReturnBeneficiariesTable;
  case_studies: CaseStudiesTable;
  case_study_themes: CaseStudyThemesTable;
  case_study_indicators: CaseStudyIndicatorsTable;
  return_versions: ReturnVersionsTable;
  return_queries: ReturnQueriesTable;
  reminders_sent: RemindersSentTable;
  notification_opt_outs: NotificationOptOutsTable;
  profile_recommendations: ProfileRecommendationsTable;
  profile_commentaries: ProfileCommentariesTable;
  monitoring_visits: MonitoringVisitsTable;
  visit_grades: VisitGradesTable;
  visit_actions: VisitActionsTable;
  context_indicators: ContextIndicatorsTable;
  context_values: ContextValuesTable;
  project_themes: ProjectThemesTable;
  unit_costs: UnitCostsTable;
  uprating_rates: UpratingRatesTable;
  indicator_unit_costs: IndicatorUnitCostsTable;
  profile_actions: ProfileActionsTable;
  profile_case_studies: ProfileCaseStudiesTable;
  published_profiles: PublishedProfilesTable;
  county_packs: CountyPacksTable;
  profile_results: ProfileResultsTable;
}

// Kept for later tables whose columns are written by the database.
export type DbDefault<T> = ColumnType<T, T | undefined, T>;
