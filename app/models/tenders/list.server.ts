// The list of tenders. Officers see every tender in their districts, drafts included;
// providers see every published one; the public list (/opportunities) every tender the
// policy makes public. Status follows the clock, here in SQL too.
import type { Executor } from "../../../db/client";
import { likePattern, optionParam, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import type { TenderStatus } from "~/models/statuses";
import { hasRole, inOfficerScope, officerDistrictScope, type Actor } from "~/policies/actor";
import { publicTenders } from "~/policies/tenders";
import { tenderStatus } from "./status.server";

export const TENDER_SORTS = ["closes_at", "reference", "title"] as const;
export type TenderSort = (typeof TENDER_SORTS)[number];


export interface TenderListFilters {
  status: TenderStatus | "";
  districtId: string;
  themeId: string;
}

export interface TenderListItem {
  id: string;
  reference: string;
  title: string;
  status: TenderStatus;
  opensAt: string;
  closesAt: string;
  maxBudgetPence: number;
  fundingStreamName: string;
  districts: string[];
  themes: string[];
}

/** The tenders a person may list, or "public": those anyone may see, signed in or not. */
export async function listTenders(
  db: Executor,
  actor: Actor | "public",
  params: ListParams<TenderSort>,
  filters: TenderListFilters,
  now = new Date(),
): Promise<ListPage<TenderListItem>> {
  const at = now.toISOString();
  const officer = actor !== "public" && hasRole(actor, "officer");
  const provider = actor !== "public" && hasRole(actor, "provider") && !!actor.organisationId;
  if (actor !== "public" && !officer && !provider) return toListPage([], 0, params);

  let base = db.selectFrom("tenders").innerJoin("funding_streams", "funding_streams.id", "tenders.funding_stream_id");
  // A county-wide officer sees every tender; anyone else, those in their districts or published.
  if (actor === "public") {
    base = base.where((eb) => publicTenders(eb));
  } else if (officerDistrictScope(actor) !== null) {
    base = base.where((eb) => {
      const visible = [];
      if (officer) {
        visible.push(
          eb.exists(
            eb.selectFrom("tender_districts").select("tender_districts.tender_id")
              .whereRef("tender_districts.tender_id", "=", "tenders.id")
              .where((inner) => inOfficerScope(inner, actor, "tender_districts.district_id")),
          ),
        );
      }
      // Providers see what the public sees: never a draft, nor one cancelled before publication.
      if (provider) visible.push(publicTenders(eb));
      // An officer with no districts yet sees nothing (their scope is empty).
      return visible.length ? eb.or(visible) : eb("tenders.id", "=", "");
    });
  }
  switch (filters.status) {
    case "": break;
    case "upcoming": base = base.where("tenders.status", "=", "published").where("tenders.opens_at", ">", at); break;
    case "open": base = base.where("tenders.status", "=", "published").where("tenders.opens_at", "<=", at).where("tenders.closes_at", ">", at); break;
    case "closed": base = base.where("tenders.status", "=", "published").where("tenders.closes_at", "<=", at).where("tenders.award_intended_at", "is", null); break;
    case "evaluation": base = base.where("tenders.status", "=", "evaluation").where("tenders.award_intended_at", "is", null); break;
    case "award_pending": base = base.where("tenders.status", "in", ["published", "evaluation"]).where("tenders.award_intended_at", "is not", null); break;
    default: base = base.where("tenders.status", "=", filters.status);
  }
  if (filters.districtId) {
    const districtId = filters.districtId;
    base = base.where((eb) =>
      eb.exists(eb.selectFrom("tender_districts").select("tender_districts.tender_id")
        .whereRef("tender_districts.tender_id", "=", "tenders.id").where("tender_districts.district_id", "=", districtId)),
    );
  }
  if (filters.themeId) {
    const themeId = filters.themeId;
    base = base.where((eb) =>
      eb.exists(eb.selectFrom("tender_themes").select("tender_themes.tender_id")
        .whereRef("tender_themes.tender_id", "=", "tenders.id").where("tender_themes.theme_id", "=", themeId)),
    );
  }
  if (params.q) {
    const pattern = likePattern(params.q);
    base = base.where((eb) =>
      eb.or([eb(eb.fn("lower", ["tenders.title"]), "like", pattern), eb(eb.fn("lower", ["tenders.reference"]), "like", pattern)]),
    );
  }

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "tenders.id", "tenders.reference", "tenders.title", "tenders.status", "tenders.opens_at", "tenders.closes_at", "tenders.award_intended_at",
    "tenders.max_budget_pence", "funding_streams.name as stream_name",
  ]);
  switch (params.sort) {
    case "reference": query = query.orderBy("tenders.reference", params.dir); break;
    case "title": query = query.orderBy((eb) => eb.fn("lower", ["tenders.title"]), params.dir).orderBy("tenders.reference"); break;
    default: query = query.orderBy("tenders.closes_at", params.dir).orderBy("tenders.reference");
  }
  const rows = await query.orderBy("tenders.id").limit(limit).offset(offset).execute();
  const ids = rows.map((r) => r.id);
  const [districts, themes] = ids.length
    ? await Promise.all([
        db.selectFrom("tender_districts").innerJoin("districts", "districts.id", "tender_districts.district_id")
          .select(["tender_districts.tender_id", "districts.name"]).where("tender_districts.tender_id", "in", ids).orderBy("districts.name").execute(),
        db.selectFrom("tender_themes").innerJoin("themes", "themes.id", "tender_themes.theme_id")
          .select(["tender_themes.tender_id", "themes.name"]).where("tender_themes.tender_id", "in", ids).orderBy("themes.name").execute(),
      ])
    : [[], []];
  const namesFor = (list: { tender_id: string; name: string }[], id: string) => list.filter((x) => x.tender_id === id).map((x) => x.name);
  const items = rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    status: tenderStatus({ status: r.status, opens_at: r.opens_at, closes_at: r.closes_at, award_intended_at: r.award_intended_at }, now),
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    maxBudgetPence: Number(r.max_budget_pence),
    fundingStreamName: r.stream_name,
    districts: namesFor(districts, r.id),
    themes: namesFor(themes, r.id),
  }));
  return toListPage(items, Number(total), params);
}

/**
 * The filters of a tender list from its address, with the districts and themes to offer:
 * a value the list does not offer (a draft to the public, an unknown district) is ignored.
 */
export async function tenderListFilters(db: Executor, url: URL, statuses: readonly TenderStatus[]) {
  const [districts, themes] = await Promise.all([
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
    db.selectFrom("themes").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
  ]);
  const filters: TenderListFilters = {
    status: optionParam(url, "status", statuses),
    districtId: optionParam(url, "district", districts.map((d) => d.id)),
    themeId: optionParam(url, "theme", themes.map((t) => t.id)),
  };
  return { filters, districts, themes };
}
