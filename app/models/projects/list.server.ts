// The list of projects: the ones the actor may see (an officer's districts, every district
// when county-wide; a provider's own organisation's), filtered, searched, sorted and paged,
// and what its filters offer. The page, its CSV and its workbook all read it.
import type { Executor } from "../../../db/client";
import type { ProjectStatus } from "../../../db/schema";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import type { ProjectSort } from "~/schemas/projects";
import { hasRole, inOfficerScope, officerDistrictScope, ownedByProvider, type Actor } from "~/policies/actor";
import type { Choice } from "./projects.server";

export interface ProjectListFilters {
  districtId: string;
  organisationId: string;
  fundingStreamId: string;
  status: ProjectStatus | "";
}

export interface ProjectListItem {
  id: string;
  reference: string;
  title: string;
  organisationName: string;
  districtName: string;
  fundingStreamName: string;
  amountPence: number;
  startDate: string;
  endDate: string;
  status: ProjectStatus;
  visitRequired: boolean;
}

/**
 * Projects the actor may see, filtered, sorted and paged: an officer's districts (every
 * district when county-wide), a provider's own organisation's.
 */
export async function listProjects(
  db: Executor,
  actor: Actor,
  params: ListParams<ProjectSort>,
  filters: ProjectListFilters,
): Promise<ListPage<ProjectListItem>> {
  let base = db
    .selectFrom("projects")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .innerJoin("funding_streams", "funding_streams.id", "projects.funding_stream_id")
    // An officer with no districts yet, and anyone neither officer nor provider, sees nothing.
    .where((eb) => eb.or([inOfficerScope(eb, actor, "projects.district_id"), ownedByProvider(eb, actor, "projects.organisation_id")]));
  if (filters.districtId) base = base.where("projects.district_id", "=", filters.districtId);
  if (filters.organisationId) base = base.where("projects.organisation_id", "=", filters.organisationId);
  if (filters.fundingStreamId) base = base.where("projects.funding_stream_id", "=", filters.fundingStreamId);
  if (filters.status) base = base.where("projects.status", "=", filters.status);
  if (params.q) {
    const q = params.q;
    base = base.where((eb) =>
      eb.or([
        containsText(eb.ref("projects.reference"), q),
        containsText(eb.ref("projects.title"), q),
        containsText(eb.ref("organisations.name"), q),
      ]),
    );
  }

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "projects.id", "projects.reference", "projects.title", "projects.amount_pence", "projects.start_date", "projects.end_date",
    "projects.status", "projects.visit_required", "organisations.name as organisation_name", "districts.name as district_name",
    "funding_streams.name as stream_name",
  ]);
  switch (params.sort) {
    case "title": query = query.orderBy((eb) => eb.fn("lower", ["projects.title"]), params.dir).orderBy("projects.reference"); break;
    case "amount": query = query.orderBy("projects.amount_pence", params.dir).orderBy("projects.reference"); break;
    case "start": query = query.orderBy("projects.start_date", params.dir).orderBy("projects.reference"); break;
    default: query = query.orderBy("projects.reference", params.dir);
  }
  const rows = await query.orderBy("projects.id").limit(limit).offset(offset).execute();
  return toListPage(
    rows.map((r) => ({
      id: r.id, reference: r.reference, title: r.title, organisationName: r.organisation_name, districtName: r.district_name,
      fundingStreamName: r.stream_name, amountPence: Number(r.amount_pence), startDate: r.start_date, endDate: r.end_date,
      status: r.status, visitRequired: Number(r.visit_required) === 1,
    })),
    Number(total),
    params,
  );
}

/** What the list's filters offer the actor. Providers are not offered a provider filter. */
export async function projectListOptions(db: Executor, actor: Actor): Promise<{ districts: Choice[]; organisations: Choice[]; streams: Choice[] }> {
  const officer = hasRole(actor, "officer");
  // Officers choose among the districts they cover; anyone who is also a provider among every district.
  const scope = officer && !hasRole(actor, "provider") ? officerDistrictScope(actor) : null;
  const [districts, organisations, streams] = await Promise.all([
    db.selectFrom("districts").select(["id", "name"])
      .$if(scope !== null, (q) => q.where((eb) => inOfficerScope(eb, actor, "districts.id")))
      .orderBy("name").orderBy("id").execute(),
    officer
      ? db.selectFrom("organisations").select(["id", "name"]).where("type", "=", "provider").orderBy("name").orderBy("id").execute()
      : Promise.resolve([]),
    db.selectFrom("funding_streams").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
  ]);
  return { districts, organisations, streams };
}
