// People: who they are, their roles and officer scope, invitations and deactivation.
import type { Executor } from "../../../db/client";
import type { Role } from "../../../db/schema";
import { ROLES } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { createAccountToken } from "~/services/tokens.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { newId, nowIso } from "~/lib/ids.server";
import { DuplicateError, StaleEditError } from "~/models/errors";
import { type Actor } from "~/policies/actor";
import { endUserSessions } from "./sessions.server";

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export interface SignedInUser extends Actor {
  name: string;
  email: string;
}

/** The actor behind a session: null when the user is gone or deactivated. */
export async function loadActor(db: Executor, userId: string): Promise<SignedInUser | null> {
  const user = await db
    .selectFrom("users")
    .select(["id", "name", "email", "organisation_id", "county_wide", "is_active"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || !user.is_active) return null;
  const [roles, districts] = await Promise.all([
    db.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute(),
    db.selectFrom("user_districts").select("district_id").where("user_id", "=", userId).execute(),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    organisationId: user.organisation_id,
    countyWide: user.county_wide === 1,
    roles: roles.map((r) => r.role).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
    districtIds: districts.map((d) => d.district_id),
  };
}

export const USER_SORTS = ["name", "email", "status", "last_sign_in_at", "created_at"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserListFilters {
  role: Role | "";
  status: "active" | "invited" | "deactivated" | "";
  organisationId: string;
}

export interface UserListItem {
  id: string;
  name: string;
  email: string;
  organisationName: string | null;
  roles: Role[];
  status: "active" | "invited" | "deactivated";
  lastSignInAt: string | null;
  createdAt: string;
}

function statusOf(u: { is_active: number; password_hash: string | null }): UserListItem["status"] {
  if (!u.is_active) return "deactivated";
  return u.password_hash ? "active" : "invited";
}

export async function listUsers(
  db: Executor,
  params: ListParams<UserSort>,
  filters: UserListFilters,
): Promise<ListPage<UserListItem>> {
  let base = db.selectFrom("users").leftJoin("organisations", "organisations.id", "users.organisation_id");
  if (params.q) {
    base = base.where((eb) =>
      eb.or([containsText(eb.ref("users.name"), params.q), containsText(eb.ref("users.email"), params.q)]),
    );
  }
  if (filters.role) {
    base = base.where("users.id", "in", db.selectFrom("user_roles").select("user_id").where("role", "=", filters.role));
  }
  if (filters.organisationId) base = base.where("users.organisation_id", "=", filters.organisationId);
  if (filters.status === "deactivated") base = base.where("users.is_active", "=", 0);
  if (filters.status === "active") base = base.where("users.is_active", "=", 1).where("users.password_hash", "is not", null);
  if (filters.status === "invited") base = base.where("users.is_active", "=", 1).where("users.password_hash", "is", null);

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([
    "users.id",
    "users.name",
    "users.email",
    "users.is_active",
    "users.password_hash",
    "users.last_sign_in_at",
    "users.created_at",
    "organisations.name as organisation_name",
  ]);
  const dir = params.dir;
  switch (params.sort) {
    case "email": query = query.orderBy("users.email", dir); break;
    case "status": query = query.orderBy("users.is_active", dir).orderBy("users.password_hash", dir); break;
    case "last_sign_in_at": query = query.orderBy("users.last_sign_in_at", dir); break;
    case "created_at": query = query.orderBy("users.created_at", dir); break;
    default: query = query.orderBy("users.name", dir);
  }
  const rows = await query.orderBy("users.id").limit(limit).offset(offset).execute();
  const roles = rows.length
    ? await db.selectFrom("user_roles").select(["user_id", "role"]).where("user_id", "in", rows.map((r) => r.id)).execute()
    : [];
  const rolesByUser = new Map<string, Role[]>();
  for (const r of roles) rolesByUser.set(r.user_id, [...(rolesByUser.get(r.user_id) ?? []), r.role]);
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    organisationName: r.organisation_name,
    roles: (rolesByUser.get(r.id) ?? []).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
    status: statusOf(r),
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
  }));
  return toListPage(items, Number(total), params);
}

export interface UserDetail {
  id: string;
  name: string;
  email: string;
  organisationId: string | null;
  organisationName: string | null;
  roles: Role[];
  countyWide: boolean;
  districtIds: string[];
  status: UserListItem["status"];
  lockedUntil: string | null;
  lastSignInAt: string | null;
  /** Two-step verification is on (app/models/accounts/two-step.server.ts). */
  twoStepEnabled: boolean;
  version: number;
}

export async function getUser(db: Executor, id: string): Promise<UserDetail | null> {
  const user = await db
    .selectFrom("users")
    .leftJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id", "users.name", "users.email", "users.organisation_id", "users.county_wide", "users.is_active",
      "users.password_hash", "users.locked_until", "users.last_sign_in_at", "users.version", "users.totp_enabled_at",
      "organisations.name as organisation_name",
    ])
    .where("users.id", "=", id)
    .executeTakeFirst();
  if (!user) return null;
  const [roles, districts] = await Promise.all([
    db.selectFrom("user_roles").select("role").where("user_id", "=", id).execute(),
    db.selectFrom("user_districts").select("district_id").where("user_id", "=", id).execute(),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    organisationId: user.organisation_id,
    organisationName: user.organisation_name,
    roles: roles.map((r) => r.role).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
    countyWide: user.county_wide === 1,
    districtIds: districts.map((d) => d.district_id),
    status: statusOf(user),
    lockedUntil: user.locked_until,
    lastSignInAt: user.last_sign_in_at,
    twoStepEnabled: user.totp_enabled_at !== null,
    version: user.version,
  };
}

export interface UserAccessInput {
  name: string;
  roles: Role[];
  organisationId: string | null;
  countyWide: boolean;
  districtIds: string[];
}

/** What is kept of a user in the audit log: who they are and what they may do. */
/** What a user may do, as one comparable string: roles, organisation and district scope. */
function privilegesOf(u: Pick<UserAccessInput, "roles" | "organisationId" | "countyWide" | "districtIds">): string {
  return JSON.stringify([[...u.roles].sort(), u.organisationId, u.countyWide, [...u.districtIds].sort()]);
}

function accessSnapshot(u: UserAccessInput & { email?: string; isActive?: boolean }) {
  return {
    name: u.name,
    ...(u.email ? { email: u.email } : {}),
    roles: [...u.roles].sort(),
    organisation_id: u.organisationId,
    county_wide: u.countyWide,
    district_ids: [...u.districtIds].sort(),
    ...(u.isActive === undefined ? {} : { is_active: u.isActive }),
  };
}

async function writeRolesAndDistricts(db: Executor, userId: string, input: UserAccessInput): Promise<void> {
  await db.deleteFrom("user_roles").where("user_id", "=", userId).execute();
  await db.deleteFrom("user_districts").where("user_id", "=", userId).execute();
  if (input.roles.length) {
    await db.insertInto("user_roles").values(input.roles.map((role) => ({ user_id: userId, role }))).execute();
  }
  // A district scope only means something for an officer who is not county-wide.
  const districts = input.roles.includes("officer") && !input.countyWide ? input.districtIds : [];
  if (districts.length) {
    await db.insertInto("user_districts").values(districts.map((district_id) => ({ user_id: userId, district_id }))).execute();
  }
}

/** Creates the account without a password and an invitation token to set one. */
export async function inviteUser(
  db: Executor,
  audit: AuditContext,
  input: UserAccessInput & { email: string },
): Promise<{ userId: string; token: string }> {
  const email = normaliseEmail(input.email);
  const id = newId();
  const now = nowIso();
  const countyWide = input.roles.includes("officer") && input.countyWide;
  // The unique e-mail decides, so two invitations to one address at once make one account.
  const inserted = await db
    .insertInto("users")
    .values({
      id, email, name: input.name, password_hash: null, organisation_id: input.organisationId,
      county_wide: countyWide ? 1 : 0, is_active: 1, failed_sign_ins: 0, locked_until: null,
      last_sign_in_at: null, created_at: now, updated_at: now, version: 1,
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) throw new DuplicateError("email", "There is already an account with this e-mail address");
  await writeRolesAndDistricts(db, id, { ...input, countyWide });
  const token = await createAccountToken(db, id, "invitation");
  await recordAudit(db, audit, {
    action: "user.invited",
    recordType: "user",
    recordId: id,
    after: accessSnapshot({ ...input, countyWide, email }),
  });
  return { userId: id, token };
}

/** Changes name, roles, organisation and scope; refused when someone saved in between. */
export async function updateUserAccess(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  input: UserAccessInput,
): Promise<void> {
  const before = await getUser(db, id);
  if (!before) throw new Error("User not found");
  const countyWide = input.roles.includes("officer") && input.countyWide;
  const updated = await db
    .updateTable("users")
    .set({
      name: input.name,
      organisation_id: input.organisationId,
      county_wide: countyWide ? 1 : 0,
      updated_at: nowIso(),
      version: expectedVersion + 1,
    })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("user");
  await writeRolesAndDistricts(db, id, { ...input, countyWide });
  // What a session may do follows its user's roles: a change of them ends the user's
  // sessions (an administrator changing their own has the page renew the one in use).
  if (privilegesOf(before) !== privilegesOf({ ...input, countyWide })) await endUserSessions(db, id);
  await recordAudit(db, audit, {
    action: "user.access_changed",
    recordType: "user",
    recordId: id,
    before: accessSnapshot(before),
    after: accessSnapshot({ ...input, countyWide }),
  });
}

export async function setUserActive(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  active: boolean,
): Promise<void> {
  const updated = await db
    .updateTable("users")
    .set({ is_active: active ? 1 : 0, updated_at: nowIso(), version: expectedVersion + 1 })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("user");
  // Deactivation signs the person out everywhere; reactivation never brings a session back.
  if (!active) await endUserSessions(db, id);
  await recordAudit(db, audit, {
    action: active ? "user.reactivated" : "user.deactivated",
    recordType: "user",
    recordId: id,
    before: { is_active: !active },
    after: { is_active: active },
  });
}

/** A new invitation token for someone who has not yet set a password; older ones stop working. */
export async function reissueInvitation(db: Executor, audit: AuditContext, id: string): Promise<string> {
  const token = await createAccountToken(db, id, "invitation");
  await recordAudit(db, audit, { action: "user.invitation_resent", recordType: "user", recordId: id });
  return token;
}

/** Users for pickers: id and name, optionally with a role. */
export async function listUserOptions(db: Executor, role?: Role): Promise<{ id: string; name: string }[]> {
  let query = db.selectFrom("users").select(["users.id", "users.name"]).where("users.is_active", "=", 1);
  if (role) query = query.where("users.id", "in", db.selectFrom("user_roles").select("user_id").where("role", "=", role));
  return query.orderBy("users.name").execute();
}

/**
 * What the organisation and district pickers offer: approved providers (and the user's
 * current organisation, so editing someone whose organisation is still pending does not
 * lose it) and every district.
 */
export async function userAccessChoices(db: Executor, currentOrganisationId: string | null = null) {
  const [organisations, districts] = await Promise.all([
    db
      .selectFrom("organisations")
      .select(["id", "name"])
      .where((eb) =>
        eb.or([
          eb.and([eb("type", "=", "provider"), eb("status", "=", "approved")]),
          eb("id", "=", currentOrganisationId ?? ""),
        ]),
      )
      .orderBy("name")
      .orderBy("id")
      .execute(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
  ]);
  return { organisations, districts };
}
