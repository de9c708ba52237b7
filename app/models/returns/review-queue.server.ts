// The officer's review queue: the returns in their districts (every district when they are
// county-wide), by where they stand: awaiting review, due soon, overdue, queried. Due dates
// are UK calendar dates: "today" is ukToday(), today in London.
import type { Executor } from "../../../db/client";
import type { ReturnStatus } from "../../../db/schema";
import { addDays, daysBetween } from "~/lib/dates";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { inOfficerScope, type Actor } from "~/policies/actor";
import { RETURN_AWAITING_REVIEW, RETURN_NOT_SUBMITTED } from "~/models/statuses";

export const REVIEW_TABS = ["awaiting", "due", "overdue", "queried"] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

export const REVIEW_TAB_LABELS: Record<ReviewTab, string> = {
  awaiting: "Awaiting review",
  due: "Due soon",
  overdue: "Overdue",
  queried: "Queried",
};

/** A return is "due soon" when it is not submitted and due within this many days. */
export const DUE_SOON_DAYS = 14;

export const REVIEW_TAB_HINTS: Record<ReviewTab, string> = {
  awaiting: "Submitted or resubmitted by the provider and waiting for you to query or approve.",
  due: `Not yet submitted and due in the next ${DUE_SOON_DAYS} days.`,
  overdue: "Past their due date and not yet submitted.",
  queried: "Queried by an officer and back with the provider.",
};

export const REVIEW_SORTS = ["due_date", "project", "provider", "district", "quarter", "submitted_at"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export interface QueueItem {
  id: string;
  projectId: string;
  projectReference: string;
  projectTitle: string;
  providerName: string;
  districtName: string;
  quarter: string;
  dueDate: string;
  status: ReturnStatus;
  submittedAt: string | null;
  /** Days past the due date (0 when not overdue). */
  daysOverdue: number;
}

function queueBase(db: Executor, actor: Actor, q: string) {
  let query = db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .where((eb) => inOfficerScope(eb, actor, "projects.district_id"));
  if (q) {
    query = query.where((eb) =>
      eb.or([
        containsText(eb.ref("projects.reference"), q),
        containsText(eb.ref("projects.title"), q),
        containsText(eb.ref("organisations.name"), q),
      ]),
    );
  }
  return query;
}

function withTab<Q extends ReturnType<typeof queueBase>>(query: Q, tab: ReviewTab, today: string): Q {
  switch (tab) {
    case "awaiting":
      return query.where("returns.status", "in", [...RETURN_AWAITING_REVIEW]) as Q;
    case "queried":
      return query.where("returns.status", "=", "queried") as Q;
    case "due":
      return query
        .where("returns.status", "in", [...RETURN_NOT_SUBMITTED])
        .where("returns.due_date", ">=", today)
        .where("returns.due_date", "<=", addDays(today, DUE_SOON_DAYS)) as Q;
    case "overdue":
      return query.where("returns.status", "in", [...RETURN_NOT_SUBMITTED]).where("returns.due_date", "<", today) as Q;
  }
}

/** The returns in the officer's districts (every district when county-wide) on one tab. */
export async function listReviewQueue(
  db: Executor,
  actor: Actor,
  tab: ReviewTab,
  params: ListParams<ReviewSort>,
  today: string,
): Promise<ListPage<QueueItem>> {
  const filtered = withTab(queueBase(db, actor, params.q), tab, today);
  const { limit, offset } = pageWindow(params);
  const dir = params.dir;
  let rowsQuery = filtered.select([
    "returns.id", "returns.project_id", "returns.quarter", "returns.due_date", "returns.status", "returns.submitted_at",
    "projects.reference", "projects.title", "organisations.name as provider_name", "districts.name as district_name",
  ]);
  switch (params.sort) {
    case "project": rowsQuery = rowsQuery.orderBy("projects.reference", dir); break;
    case "provider": rowsQuery = rowsQuery.orderBy("organisations.name", dir); break;
    case "district": rowsQuery = rowsQuery.orderBy("districts.name", dir); break;
    case "quarter": rowsQuery = rowsQuery.orderBy("returns.financial_year", dir).orderBy("returns.quarter_number", dir); break;
    case "submitted_at": rowsQuery = rowsQuery.orderBy("returns.submitted_at", dir); break;
    case "due_date": rowsQuery = rowsQuery.orderBy("returns.due_date", dir); break;
  }
  const [rows, count] = await Promise.all([
    rowsQuery.orderBy("returns.due_date").orderBy("projects.reference").orderBy("returns.id").limit(limit).offset(offset).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectReference: r.reference,
    projectTitle: r.title,
    providerName: r.provider_name,
    districtName: r.district_name,
    quarter: r.quarter,
    dueDate: r.due_date,
    status: r.status,
    submittedAt: r.submitted_at,
    daysOverdue: RETURN_NOT_SUBMITTED.includes(r.status) && r.due_date < today ? daysBetween(r.due_date, today) : 0,
  }));
  return toListPage(items, Number(count.n), params);
}

/** How many returns each tab holds, for the tab labels. */
export async function reviewQueueCounts(
  db: Executor,
  actor: Actor,
  today: string,
): Promise<Record<ReviewTab, number>> {
  const out = { awaiting: 0, due: 0, overdue: 0, queried: 0 } as Record<ReviewTab, number>;
  await Promise.all(
    REVIEW_TABS.map(async (tab) => {
      const row = await withTab(queueBase(db, actor, ""), tab, today)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      out[tab] = Number(row.n);
    }),
  );
  return out;
}
