// The officer's lists: projects in their districts due a visit this financial year, and the
// open actions from past visits. Scoped by the officer's districts (every district when
// county-wide) through the policy's list helper.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { can } from "~/policies/index";
import { inOfficerScope, type Actor } from "~/policies/actor";
import { currentFinancialYear } from "./read.server";

export const VISITS_DUE_SORTS = ["last_visit", "reference", "provider", "district", "amount"] as const;
export type VisitsDueSort = (typeof VISITS_DUE_SORTS)[number];

export interface VisitsDueFilters {
  districtId: string;
}

export interface VisitDueItem {
  projectId: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  amountPence: number;
  startDate: string;
  endDate: string;
  lastVisitDate: string | null;
}

/**
 * Active projects needing a visit, running in the current financial year, with no visit
 * dated in it, in the districts the officer covers.
 */
function visitsDueQuery(db: Executor, actor: Actor, options: { today: string; thresholdPence: number }, filters: VisitsDueFilters, q: string) {
  const fy = currentFinancialYear(options.today);
  let query = db
    .selectFrom("projects as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .innerJoin("districts as d", "d.id", "p.district_id")
    .where("p.status", "=", "active")
    .where((eb) => eb.or([eb("p.visit_required", "=", 1), eb("p.amount_pence", ">", options.thresholdPence)]))
    .where("p.start_date", "<=", fy.end)
    .where("p.end_date", ">=", fy.start)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("monitoring_visits as v").select("v.id").whereRef("v.project_id", "=", "p.id")
            .where("v.visit_date", ">=", fy.start).where("v.visit_date", "<=", fy.end),
        ),
      ),
    )
    .where((eb) => inOfficerScope(eb, actor, "p.district_id"));
  if (filters.districtId) query = query.where("p.district_id", "=", filters.districtId);
  if (q) {
    query = query.where((eb) =>
      eb.or([containsText(eb.ref("p.reference"), q), containsText(eb.ref("p.title"), q), containsText(eb.ref("o.name"), q)]),
    );
  }
  return query;
}

const lastVisitSql = sql<string | null>`(select max(lv.visit_date) from monitoring_visits lv where lv.project_id = p.id)`;

export async function listVisitsDue(
  db: Executor,
  actor: Actor,
  params: ListParams<VisitsDueSort>,
  filters: VisitsDueFilters,
  options: { today: string; thresholdPence: number },
): Promise<ListPage<VisitDueItem>> {
  const base = visitsDueQuery(db, actor, options, filters, params.q);
  const { limit, offset } = pageWindow(params);
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  const sortExpression = {
    // Never visited first, then the longest ago.
    last_visit: sql`coalesce(${lastVisitSql}, '')`,
    reference: sql.ref("p.reference"),
    provider: sql`lower(o.name)`,
    district: sql.ref("d.name"),
    amount: sql.ref("p.amount_pence"),
  }[params.sort];
  const rows = await base
    .select([
      "p.id", "p.district_id", "p.organisation_id", "p.reference", "p.title", "o.name as organisation_name", "d.name as district_name",
      "p.amount_pence", "p.start_date", "p.end_date", lastVisitSql.as("last_visit_date"),
    ])
    .orderBy(sortExpression, params.dir)
    .orderBy("p.reference")
    .limit(limit)
    .offset(offset)
    .execute();
  // Belt and braces: only projects this officer manages, whatever the query said.
  const items = rows
    .filter((r) => can(actor, "project:manage", { organisationId: r.organisation_id, districtId: r.district_id }))
    .map((r) => ({
      projectId: r.id, reference: r.reference, title: r.title, organisationName: r.organisation_name, districtName: r.district_name,
      amountPence: Number(r.amount_pence), startDate: r.start_date, endDate: r.end_date, lastVisitDate: r.last_visit_date ?? null,
    }));
  return toListPage(items, Number(countRow?.n ?? 0), params);
}

/** How many projects the officer covers are due a visit this financial year. */
export async function countVisitsDue(db: Executor, actor: Actor, options: { today: string; thresholdPence: number }): Promise<number> {
  const row = await visitsDueQuery(db, actor, options, { districtId: "" }, "")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface OpenActionItem {
  id: string;
  visitId: string;
  projectId: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  visitDate: string;
  action: string;
  owner: string;
  dueDate: string;
  overdue: boolean;
}

/** Open actions from visits to projects in the officer's districts, soonest due first. */
export async function listOpenActions(
  db: Executor,
  actor: Actor,
  filters: VisitsDueFilters & { q: string },
  options: { today: string; limit: number },
): Promise<{ items: OpenActionItem[]; total: number; overdue: number }> {
  let query = db
    .selectFrom("visit_actions as a")
    .innerJoin("monitoring_visits as v", "v.id", "a.visit_id")
    .innerJoin("projects as p", "p.id", "v.project_id")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .innerJoin("districts as d", "d.id", "p.district_id")
    .where("a.status", "=", "open")
    .where((eb) => inOfficerScope(eb, actor, "p.district_id"));
  if (filters.districtId) query = query.where("p.district_id", "=", filters.districtId);
  if (filters.q) {
    const q = filters.q;
    query = query.where((eb) =>
      eb.or([containsText(eb.ref("p.reference"), q), containsText(eb.ref("p.title"), q), containsText(eb.ref("o.name"), q)]),
    );
  }
  const counts = await query
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(eb.case().when("a.due_date", "<", options.today).then(1).else(0).end()).as("overdue"),
    ])
    .executeTakeFirst();
  const rows = await query
    .select([
      "a.id", "a.visit_id", "p.id as project_id", "p.district_id", "p.organisation_id", "p.reference", "p.title", "o.name as organisation_name",
      "d.name as district_name", "v.visit_date", "a.action", "a.owner", "a.due_date",
    ])
    .orderBy("a.due_date")
    .orderBy("p.reference")
    .orderBy("a.id")
    .limit(options.limit)
    .execute();
  const items = rows
    .filter((r) => can(actor, "project:manage", { organisationId: r.organisation_id, districtId: r.district_id }))
    .map((r) => ({
      id: r.id, visitId: r.visit_id, projectId: r.project_id, reference: r.reference, title: r.title, organisationName: r.organisation_name,
      districtName: r.district_name, visitDate: r.visit_date, action: r.action, owner: r.owner, dueDate: r.due_date,
      overdue: r.due_date < options.today,
    }));
  return { items, total: Number(counts?.n ?? 0), overdue: Number(counts?.overdue ?? 0) };
}
