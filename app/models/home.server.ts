// What each role's home page shows: the things that need their attention.
// Later features add their own items (tenders to score, returns due) here.
import type { Executor } from "../../db/client";
import type { SignedInUser } from "./users.server";
import { hasRole } from "~/services/permissions";
import { financialYearOf, financialYearLabel } from "~/lib/financial-year";

export interface HomeData {
  pendingOrganisations: { id: string; name: string; createdAt: string }[] | null;
  organisation: { id: string; name: string; status: string } | null;
  districtFunding: { id: string; name: string; allocatedPence: number }[] | null;
  financialYear: string;
  admin: { users: number; invitedNotAccepted: number; lockedAccounts: number } | null;
}

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
    // An officer scoped to districts sees theirs; county-wide officers and viewers see all.
    if (isOfficer && !user.countyWide && !hasRole(user, "viewer", "admin")) {
      query = query.where("districts.id", "in", user.districtIds.length ? [...user.districtIds] : ["-"]);
    }
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

  return { pendingOrganisations, organisation, districtFunding, financialYear: financialYearLabel(year), admin };
}
