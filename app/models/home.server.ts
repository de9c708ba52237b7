// What each role's home page shows: the things that need their attention.
// Later features add their own items (tenders to score, returns due) here.
import type { Executor } from "../../db/client";
import type { SignedInUser } from "./accounts/users.server";
import { financialYearOf, financialYearLabel } from "~/lib/financial-year";
import { getSettings } from "./admin/settings.server";
import { countVisitsDue, listOpenActions } from "./visits/due.server";
import { ukToday, addDays, formatDate } from "~/lib/dates";
import { awardStage } from "~/models/awards/stages";
import { hasRole, inOfficerScope, officerDistrictScope, ownedByProvider } from "~/policies/actor";
import { BID_DECIDED, RETURN_NOT_SUBMITTED, RETURN_AWAITING_REVIEW } from "~/models/statuses";
import { listPanelAssignments, type PanelAssignment } from "~/models/panel/workspace.server";
import { listPublications } from "~/models/profiles/publishing.server";
import { listPublishedCountyPacks } from "~/models/profiles/county-packs.server";
import { can } from "~/policies/index";

export interface HomeData {
  pendingOrganisations: { id: string; name: string; createdAt: string }[] | null;
  organisation: { id: string; name: string; status: string } | null;
  districtFunding: { id: string; name: string; allocatedPence: number }[] | null;
  /** The funding shows only the districts the officer covers (not every district). */
  districtFundingScoped: boolean;
  financialYear: string;
  admin: { users: number; invitedNotAccepted: number; lockedAccounts: number } | null;
  /** Officers: tenders in their districts that need them, each with what to do. */
  officerTenders: { id: string; reference: string; title: string; closesAt: string; todo: string }[] | null;
  /** Providers: open tenders, closing soonest first, and their organisation's bids that need them. */
  openTenders: { id: string; reference: string; title: string; closesAt: string }[] | null;
  providerBids: { id: string; title: string; tenderReference: string; todo: string }[] | null;
  panelAssignments: PanelAssignment[] | null;
  /** Providers: returns due in the next 30 days, overdue or queried, and their projects. */
  providerReturns: { id: string; projectTitle: string; quarter: string; dueDate: string; todo: string }[] | null;
  providerProjects: { id: string; reference: string; title: string }[] | null;
  /** Officers: counts that link into their queues. */
  officerDelivery: { toReview: number; overdue: number; visitsDue: number; openActions: number } | null;
  /** Viewers (board members): the latest published district profiles, newest first. */
  publishedProfiles: { id: string; districtName: string; quarter: string; edition: number; publishedAt: string }[] | null;
  /** The latest published county packs, for those who read them (the board). */
  publishedPacks: { id: string; quarter: string; edition: number; publishedAt: string }[] | null;
}

const HOME_LIST_LIMIT = 10;

export async function getHomeData(db: Executor, user: SignedInUser, today = new Date()): Promise<HomeData> {
  const year = financialYearOf(today);
  const isOfficer = hasRole(user, "officer");
  const isAdmin = hasRole(user, "admin");

  const pendingOrganisations =
    isOfficer || isAdmin
      ? (
          await db
            .selectFrom("organisations")
            .select(["id", "name", "created_at"])
            .where("status", "=", "pending")
            .orderBy("created_at")
            .limit(10)
            .execute()
        ).map((o) => ({ id: o.id, name: o.name, createdAt: o.created_at }))
      : null;

  const organisation =
    hasRole(user, "provider") && user.organisationId
      ? ((await db
          .selectFrom("organisations")
          .select(["id", "name", "status"])
          .where("id", "=", user.organisationId)
          .executeTakeFirst()) ?? null)
      : null;

  let districtFunding: HomeData["districtFunding"] = null;
  // An officer scoped to districts sees theirs; county-wide officers, viewers and administrators see all.
  const districtFundingScoped = isOfficer && !hasRole(user, "viewer", "admin") && officerDistrictScope(user) !== null;
  if (isOfficer || hasRole(user, "viewer")) {
    let query = db
      .selectFrom("districts")
      .leftJoin("allocations", (join) =>
        join.onRef("allocations.district_id", "=", "districts.id").on("allocations.financial_year", "=", year),
      )
      .select((eb) => [
        "districts.id",
        "districts.name",
        eb.fn.coalesce(eb.fn.sum<number>("allocations.amount_pence"), eb.lit(0)).as("allocated"),
      ])
      .groupBy(["districts.id", "districts.name"])
      .orderBy("districts.name");
    if (districtFundingScoped) query = query.where((eb) => inOfficerScope(eb, user, "districts.id"));
    districtFunding = (await query.execute()).map((d) => ({ id: d.id, name: d.name, allocatedPence: Number(d.allocated) }));
  }

  let admin: HomeData["admin"] = null;
  if (isAdmin) {
    const row = await db
      .selectFrom("users")
      .select((eb) => [
        eb.fn.countAll<number>().as("users"),
        eb.fn.sum<number>(eb.case().when("password_hash", "is", null).then(1).else(0).end()).as("invited"),
        eb.fn.sum<number>(eb.case().when("locked_until", ">", today.toISOString()).then(1).else(0).end()).as("locked"),
      ])
      .where("is_active", "=", 1)
      .executeTakeFirstOrThrow();
    admin = { users: Number(row.users), invitedNotAccepted: Number(row.invited ?? 0), lockedAccounts: Number(row.locked ?? 0) };
  }

  const nowIso = today.toISOString();

  let officerTenders: HomeData["officerTenders"] = null;
  if (isOfficer) {
    let query = db
      .selectFrom("tenders")
      .leftJoin(
        (eb) =>
          eb.selectFrom("clarifications").select((e) => ["tender_id", e.fn.countAll<number>().as("waiting")])
            .where("status", "=", "asked").groupBy("tender_id").as("q"),
        (join) => join.onRef("q.tender_id", "=", "tenders.id"),
      )
      .select(["tenders.id", "tenders.reference", "tenders.title", "tenders.status", "tenders.opens_at", "tenders.closes_at", "q.waiting",
        "tenders.procedure", "tenders.award_intended_at", "tenders.summaries_sent_at", "tenders.award_notice_at", "tenders.standstill_last_day",
        "tenders.standstill_waived_reason", "tenders.awarded_at"])
      .where((eb) =>
        eb.or([
          eb("tenders.status", "=", "draft"),
          eb("tenders.status", "=", "evaluation"),
          eb.and([eb("tenders.status", "=", "published"), eb("tenders.closes_at", "<=", nowIso)]),
          eb("q.waiting", ">", 0),
        ]),
      );
    // A tender is the officer's when one of its districts is: county-wide officers see every tender.
    if (officerDistrictScope(user) !== null) {
      query = query.where("tenders.id", "in", db.selectFrom("tender_districts").select("tender_id")
        .where((eb) => inOfficerScope(eb, user, "tender_districts.district_id")));
    }
    const rows = await query.orderBy("tenders.closes_at").limit(HOME_LIST_LIMIT).execute();
    officerTenders = rows.map((t) => {
      const waiting = Number(t.waiting ?? 0);
      const stage = t.award_intended_at ? awardStage(t, ukToday()) : null;
      const todo =
        t.status === "draft" ? "Draft: finish and publish it"
        : stage?.next === "send-summaries" ? "Award pending: record that every bidder has its assessment summary"
        : stage?.next === "publish-notice" ? "Award pending: publish the contract award notice"
        : stage?.next === "standstill" ? `Standstill: the contract can be entered from ${formatDate(stage.contractFrom)}`
        : stage?.next === "enter-contract" ? "Award pending: enter the contract"
        : t.status === "evaluation" || t.closes_at <= nowIso ? "Closed: the panel scores, then you moderate and award"
        : `${waiting === 1 ? "1 clarification question" : `${waiting} clarification questions`} to answer`;
      return { id: t.id, reference: t.reference, title: t.title, closesAt: t.closes_at, todo };
    });
  }

  let openTenders: HomeData["openTenders"] = null;
  let providerBids: HomeData["providerBids"] = null;
  if (hasRole(user, "provider") && user.organisationId) {
    openTenders = await db
      .selectFrom("tenders")
      .select(["id", "reference", "title", "closes_at as closesAt"])
      .where("status", "=", "published")
      .where("opens_at", "<=", nowIso)
      .where("closes_at", ">", nowIso)
      .orderBy("closes_at")
      .limit(5)
      .execute();
    const bids = await db
      .selectFrom("bids")
      .innerJoin("tenders", "tenders.id", "bids.tender_id")
      .select(["bids.id", "bids.title", "bids.status", "bids.needs_confirmation", "tenders.reference", "tenders.closes_at"])
      .where((eb) => ownedByProvider(eb, user, "bids.organisation_id"))
      .where((eb) =>
        eb.or([
          eb.and([eb("bids.status", "=", "draft"), eb("tenders.closes_at", ">", nowIso), eb("tenders.status", "=", "published")]),
          eb.and([eb("bids.status", "=", "submitted"), eb("bids.needs_confirmation", "=", 1)]),
          eb("bids.status", "in", [...BID_DECIDED]),
        ]),
      )
      .orderBy("bids.updated_at", "desc")
      .limit(HOME_LIST_LIMIT)
      .execute();
    providerBids = bids.map((b) => ({
      id: b.id,
      title: b.title || "Untitled bid",
      tenderReference: b.reference,
      todo:
        b.status === "draft" ? "Draft: finish and submit it before the tender closes"
        : b.status === "submitted" ? "The tender changed after you submitted: confirm your bid"
        : b.status === "successful" ? "Successful: read your assessment summary"
        : "Unsuccessful: read your assessment summary and feedback",
    }));
  }

  const panelAssignments = hasRole(user, "panel")
    ? (await listPanelAssignments(db, user.id, today)).filter((a) => a.workable)
    : null;

  const today_ = ukToday(today);
  let providerReturns: HomeData["providerReturns"] = null;
  let providerProjects: HomeData["providerProjects"] = null;
  if (hasRole(user, "provider") && user.organisationId) {
    const soon = addDays(today_, 30);
    const rows = await db
      .selectFrom("returns")
      .innerJoin("projects", "projects.id", "returns.project_id")
      .select(["returns.id", "returns.quarter", "returns.due_date", "returns.status", "projects.title"])
      .where((eb) => ownedByProvider(eb, user, "projects.organisation_id"))
      .where((eb) =>
        eb.or([
          eb("returns.status", "=", "queried"),
          eb.and([eb("returns.status", "in", [...RETURN_NOT_SUBMITTED]), eb("returns.due_date", "<=", soon)]),
        ]),
      )
      .orderBy("returns.due_date")
      .limit(HOME_LIST_LIMIT)
      .execute();
    providerReturns = rows.map((r) => ({
      id: r.id, projectTitle: r.title, quarter: r.quarter, dueDate: r.due_date,
      todo: r.status === "queried" ? "Queried: the council asked about this return" : r.due_date < today_ ? "Overdue" : "Due soon",
    }));
    providerProjects = await db
      .selectFrom("projects")
      .select(["id", "reference", "title"])
      .where((eb) => ownedByProvider(eb, user, "projects.organisation_id"))
      .where("status", "=", "active")
      .orderBy("reference")
      .limit(HOME_LIST_LIMIT)
      .execute();
  }

  let officerDelivery: HomeData["officerDelivery"] = null;
  if (isOfficer) {
    const counts = await db
      .selectFrom("returns")
      .innerJoin("projects", "projects.id", "returns.project_id")
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when("returns.status", "in", [...RETURN_AWAITING_REVIEW]).then(1).else(0).end()).as("to_review"),
        eb.fn.sum<number>(
          eb.case().when(eb.and([eb("returns.status", "in", [...RETURN_NOT_SUBMITTED]), eb("returns.due_date", "<", today_)])).then(1).else(0).end(),
        ).as("overdue"),
      ])
      .where((eb) => inOfficerScope(eb, user, "projects.district_id"))
      .executeTakeFirst();
    const settings = await getSettings(db);
    const [visitsDue, actions] = await Promise.all([
      countVisitsDue(db, user, { today: today_, thresholdPence: settings.visit_threshold_pence }),
      listOpenActions(db, user, { districtId: "", q: "" }, { today: today_, limit: 1 }),
    ]);
    officerDelivery = {
      toReview: Number(counts?.to_review ?? 0), overdue: Number(counts?.overdue ?? 0), visitsDue, openActions: actions.total,
    };
  }

  const publishedProfiles = hasRole(user, "viewer")
    ? (await listPublications(db, user, { limit: HOME_LIST_LIMIT })).map((p) => ({
      id: p.id, districtName: p.districtName, quarter: p.quarter, edition: p.edition, publishedAt: p.publishedAt,
    }))
    : null;
  const publishedPacks = hasRole(user, "viewer") && can(user, "county-pack:read-published")
    ? (await listPublishedCountyPacks(db, 3)).map((p) => ({ id: p.id, quarter: p.quarter, edition: p.edition!, publishedAt: p.publishedAt! }))
    : null;

  return {
    pendingOrganisations, organisation, districtFunding, districtFundingScoped, financialYear: financialYearLabel(year), admin,
    officerTenders, openTenders, providerBids, panelAssignments, providerReturns, providerProjects, officerDelivery, publishedProfiles, publishedPacks,
  };
}
