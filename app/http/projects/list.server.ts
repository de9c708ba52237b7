// The list of projects as a request asks for it: the page, its CSV and its workbook share
// this, so all three show the same rows in the same order.
import { getDb } from "../../../db/client";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { listProjects, projectListOptions, type ProjectListFilters } from "~/models/projects/list.server";
import { PROJECT_SORTS, PROJECT_STATUSES } from "~/schemas/projects";
import { hasRole, type Actor } from "~/policies/actor";
import { forbidden, requireUser } from "../guards.server";

/** Who may open the list of projects: officers, and providers with an organisation. */
export function maySeeProjects(actor: Actor): boolean {
  return hasRole(actor, "officer") || (hasRole(actor, "provider") && !!actor.organisationId);
}

export async function readProjectList(request: Request, options: { everyRow?: boolean } = {}) {
  const user = await requireUser(request);
  if (!maySeeProjects(user)) forbidden(user);
  const db = getDb();
  const url = new URL(request.url);
  const params = parseListParams(url, PROJECT_SORTS, "start", "desc");
  if (options.everyRow) params.format = "csv";
  const choices = await projectListOptions(db, user);
  const filters: ProjectListFilters = {
    districtId: optionParam(url, "district", choices.districts.map((d) => d.id)),
    organisationId: optionParam(url, "provider", choices.organisations.map((o) => o.id)),
    fundingStreamId: optionParam(url, "stream", choices.streams.map((s) => s.id)),
    status: optionParam(url, "status", PROJECT_STATUSES),
  };
  const page = await listProjects(db, user, params, filters);
  return { user, params, filters, choices, page };
}
