// The provider's list of returns: their own organisation's, never anyone else's, by what needs
// doing (due, overdue, queried) or what is done (submitted, approved); paged, sorted, searched.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { ReturnStatus } from "../../../db/schema";
import { likePattern, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { ownedByProvider, type Actor } from "~/policies/actor";
import { RETURN_AWAITING_REVIEW, RETURN_NOT_SUBMITTED } from "~/models/statuses";
import { isOverdue } from "./returns.server";

export const PROVIDER_RETURN_FILTERS = ["due", "overdue", "queried", "submitted", "approved"] as const;
export type ProviderReturnFilter = (typeof PROVIDER_RETURN_FILTERS)[number];
export const PROVIDER_RETURN_FILTER_LABELS: Record<ProviderReturnFilter, string> = {
  due: "Due (not yet submitted)",
  overdue: "Overdue",
  queried: "Queried",
  submitted: "Submitted, awaiting review",
  approved: "Approved",
};

export const PROVIDER_RETURN_SORTS = ["due_date", "quarter", "project", "status"] as const;
export type ProviderReturnSort = (typeof PROVIDER_RETURN_SORTS)[number];

export interface ProviderReturnItem {
  id: string;
  projectId: string;
  projectReference: string;
  projectTitle: string;
  districtName: string;
  quarter: string;
  dueDate: string;
  status: ReturnStatus;
  late: boolean;
  overdue: boolean;
  submittedAt: string | null;
  updatedAt: string;
}

/** The provider's own organisation's returns, never anyone else's: ownership is part of every query. */
export async function listProviderReturns(
  db: Executor,
  actor: Actor,
  params: ListParams<ProviderReturnSort>,
  filters: { show: ProviderReturnFilter | "" },
  today: string,
): Promise<ListPage<ProviderReturnItem>> {
  let base = db
    .selectFrom("returns")
    .innerJoin("projects", "projects.id", "returns.project_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .where((eb) => ownedByProvider(eb, actor, "projects.organisation_id"));
  if (params.q) {
    const pattern = likePattern(params.q);
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref("projects.reference")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("projects.title")}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref("returns.quarter")}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  switch (filters.show) {
    case "due":
      base = base.where("returns.status", "in", [...RETURN_NOT_SUBMITTED]).where("returns.due_date", ">=", today);
      break;
    case "overdue":
      base = base.where("returns.status", "in", [...RETURN_NOT_SUBMITTED]).where("returns.due_date", "<", today);
      break;
    case "queried":
      base = base.where("returns.status", "=", "queried");
      break;
    case "submitted":
      base = base.where("returns.status", "in", [...RETURN_AWAITING_REVIEW]);
      break;
    case "approved":
      base = base.where("returns.status", "=", "approved");
      break;
    default:
      break;
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "returns.id", "returns.project_id", "projects.reference", "projects.title", "districts.name as district_name", "returns.quarter",
    "returns.due_date", "returns.status", "returns.late", "returns.submitted_at", "returns.updated_at",
  ]);
  const dir = params.dir;
  switch (params.sort) {
    case "quarter": query = query.orderBy("returns.financial_year", dir).orderBy("returns.quarter_number", dir); break;
    case "project": query = query.orderBy("projects.reference", dir).orderBy("returns.due_date", "asc"); break;
    case "status": query = query.orderBy("returns.status", dir).orderBy("returns.due_date", "asc"); break;
    default: query = query.orderBy("returns.due_date", dir).orderBy("projects.reference", "asc");
  }
  const rows = await query.orderBy("returns.id").limit(limit).offset(offset).execute();
  const items = rows.map((r): ProviderReturnItem => ({
    id: r.id,
    projectId: r.project_id,
    projectReference: r.reference,
    projectTitle: r.title,
    districtName: r.district_name,
    quarter: r.quarter,
    dueDate: r.due_date,
    status: r.status,
    late: r.late === 1,
    overdue: isOverdue(r, today),
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
  }));
  return toListPage(items, Number(total), params);
}
