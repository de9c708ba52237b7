// Organisations: the council's register of providers, providers registering themselves,
// and officers approving or rejecting those registrations.
import type { Executor } from "../../../db/client";
import type { OrganisationsTable } from "../../../db/schema";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { deriveOrgIdentifier } from "~/lib/org-identifiers";
import { newId, nowIso } from "~/lib/ids.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import type { OrganisationStatus, OrganisationType } from "~/schemas/organisations";
import type { OrganisationInput, RegistrationInput } from "~/schemas/organisations.server";
import { inviteUser, normaliseEmail } from "../accounts/users.server";
import { DuplicateError, StaleEditError, OrganisationStatusError, isUniqueViolation } from "~/models/errors";
import { LOCKS, takeLocks } from "~/models/locks.server";

export const ORGANISATION_SORTS = ["name", "status", "created_at", "type"] as const;
export type OrganisationSort = (typeof ORGANISATION_SORTS)[number];

export interface OrganisationListFilters {
  type: OrganisationType | "";
  status: OrganisationStatus | "";
}

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  status: OrganisationStatus;
  charityNumber: string | null;
  companyNumber: string | null;
  orgIdentifier: string | null;
  address: string | null;
  postcode: string | null;
  contactName: string | null;
  contactEmail: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}


const COLUMNS = [
  "id", "name", "type", "status", "charity_number", "company_number", "org_identifier", "address", "postcode",
  "contact_name", "contact_email", "created_at", "updated_at", "version",
] as const;

type Row = Pick<OrganisationsTable, (typeof COLUMNS)[number]>;

function fromRow(r: Row): Organisation {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    status: r.status,
    charityNumber: r.charity_number,
    companyNumber: r.company_number,
    orgIdentifier: r.org_identifier,
    address: r.address,
    postcode: r.postcode,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** What the audit log keeps of an organisation. */
function snapshot(o: Pick<Row, "name" | "type" | "status" | "charity_number" | "company_number" | "org_identifier" | "address" | "postcode" | "contact_name" | "contact_email">) {
  return {
    name: o.name,
    type: o.type,
    status: o.status,
    charity_number: o.charity_number,
    company_number: o.company_number,
    org_identifier: o.org_identifier,
    address: o.address,
    postcode: o.postcode,
    contact_name: o.contact_name,
    contact_email: o.contact_email,
  };
}

export async function listOrganisations(
  db: Executor,
  params: ListParams<OrganisationSort>,
  filters: OrganisationListFilters,
): Promise<ListPage<Organisation>> {
  let base = db.selectFrom("organisations");
  if (params.q) {
    // Postcodes match with or without their space: "pr71de" finds "PR7 1DE".
    base = base.where((eb) =>
      eb.or([
        containsText(eb.ref("name"), params.q),
        containsText(eb.ref("org_identifier"), params.q),
        containsText(eb.fn("replace", ["postcode", eb.val(" "), eb.val("")]), params.q.replace(/\s+/g, "")),
      ]),
    );
  }
  if (filters.type) base = base.where("type", "=", filters.type);
  if (filters.status) base = base.where("status", "=", filters.status);

  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([...COLUMNS]);
  const dir = params.dir;
  switch (params.sort) {
    case "status": query = query.orderBy("status", dir); break;
    case "created_at": query = query.orderBy("created_at", dir); break;
    case "type": query = query.orderBy("type", dir); break;
    default: break;
  }
  const rows = await query.orderBy("name", params.sort === "name" ? dir : "asc").orderBy("id").limit(limit).offset(offset).execute();
  return toListPage(rows.map(fromRow), Number(total), params);
}

export async function getOrganisation(db: Executor, id: string): Promise<Organisation | null> {
  const row = await db.selectFrom("organisations").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The identifier to store, and the form field to blame if another organisation has it. */
function identifierFor(input: { charity_number: string | null; company_number: string | null; org_identifier?: string | null }): {
  value: string | null;
  field: "org_identifier" | "charity_number" | "company_number";
} {
  if (input.org_identifier) return { value: input.org_identifier, field: "org_identifier" };
  const value = deriveOrgIdentifier(input.charity_number, input.company_number);
  return { value, field: value?.startsWith("GB-COH-") ? "company_number" : "charity_number" };
}

const DUPLICATE_MESSAGES = {
  org_identifier: "Another organisation already has this identifier",
  charity_number: "An organisation with this charity number is already registered. If it is yours, contact the council",
  company_number: "An organisation with this company number is already registered. If it is yours, contact the council",
};

async function assertIdentifierFree(
  db: Executor,
  identifier: ReturnType<typeof identifierFor>,
  exceptId?: string,
): Promise<void> {
  if (!identifier.value) return;
  let query = db.selectFrom("organisations").select("id").where("org_identifier", "=", identifier.value);
  if (exceptId) query = query.where("id", "!=", exceptId);
  if (await query.executeTakeFirst()) throw new DuplicateError(identifier.field, DUPLICATE_MESSAGES[identifier.field]);
}

/** A unique index refused the write: someone saved the same identifier at the same moment. */

async function writeGuarded<T>(identifier: ReturnType<typeof identifierFor>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateError(identifier.field, DUPLICATE_MESSAGES[identifier.field]);
    throw error;
  }
}

function columnsFrom(input: OrganisationInput | RegistrationInput, identifier: string | null) {
  return {
    name: input.name,
    charity_number: input.charity_number,
    company_number: input.company_number,
    org_identifier: identifier,
    address: input.address,
    postcode: input.postcode,
    contact_name: input.contact_name,
    contact_email: input.contact_email ? normaliseEmail(input.contact_email) : null,
  };
}

/** An admin adds an organisation to the register: it is approved from the start. */
export async function createOrganisation(db: Executor, audit: AuditContext, input: OrganisationInput): Promise<string> {
  const identifier = identifierFor(input);
  await assertIdentifierFree(db, identifier);
  const id = newId();
  const now = nowIso();
  const values = { ...columnsFrom(input, identifier.value), type: input.type, status: "approved" as const };
  await writeGuarded(identifier, () =>
    db.insertInto("organisations").values({ id, ...values, created_at: now, updated_at: now, version: 1 }).execute(),
  );
  await recordAudit(db, audit, { action: "organisation.created", recordType: "organisation", recordId: id, after: snapshot(values) });
  return id;
}

/** Changes the details, never the status; refused when someone saved in between. */
export async function updateOrganisation(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  input: OrganisationInput,
): Promise<void> {
  const before = await db.selectFrom("organisations").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  if (!before) throw new Error("Organisation not found");
  if (before.version !== expectedVersion) throw new StaleEditError("organisation");
  const identifier = identifierFor(input);
  await assertIdentifierFree(db, identifier, id);
  const values = { ...columnsFrom(input, identifier.value), type: input.type };
  const updated = await writeGuarded(identifier, () =>
    db
      .updateTable("organisations")
      .set({ ...values, updated_at: nowIso(), version: expectedVersion + 1 })
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst(),
  );
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("organisation");
  await recordAudit(db, audit, {
    action: "organisation.updated",
    recordType: "organisation",
    recordId: id,
    before: snapshot(before),
    after: snapshot({ ...values, status: before.status }),
  });
}

/**
 * A provider registers itself; it waits for an officer's approval. Sending the same
 * registration twice (same name and contact e-mail, still waiting) gives back the first
 * one rather than a second copy: `created` says which.
 */
export async function registerProvider(
  db: Executor,
  audit: AuditContext,
  input: RegistrationInput,
): Promise<{ id: string; created: boolean }> {
  const contactEmail = normaliseEmail(input.contact_email);
  await takeLocks(db, LOCKS.registration(contactEmail));
  const pending = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("status", "=", "pending")
    .where("contact_email", "=", contactEmail)
    .execute();
  const sameName = (a: string) => a.trim().replace(/\s+/g, " ").toLowerCase() === input.name.replace(/\s+/g, " ").toLowerCase();
  const already = pending.find((o) => sameName(o.name));
  if (already) return { id: already.id, created: false };

  const identifier = identifierFor(input);
  await assertIdentifierFree(db, identifier);
  const id = newId();
  const now = nowIso();
  const values = { ...columnsFrom(input, identifier.value), type: "provider" as const, status: "pending" as const };
  await writeGuarded(identifier, () =>
    db.insertInto("organisations").values({ id, ...values, created_at: now, updated_at: now, version: 1 }).execute(),
  );
  await recordAudit(db, audit, { action: "organisation.registered", recordType: "organisation", recordId: id, after: snapshot(values) });
  return { id, created: true };
}

export type ApprovalResult =
  | { invited: true; token: string; userId: string; contactName: string; contactEmail: string }
  | { invited: false; token: null; reason: "existing_account" | "no_contact"; contactEmail: string | null };

async function decide(
  db: Executor,
  id: string,
  expectedVersion: number,
  status: "approved" | "rejected",
): Promise<Row> {
  const before = await db.selectFrom("organisations").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  if (!before) throw new Error("Organisation not found");
  if (before.version !== expectedVersion) throw new StaleEditError("organisation");
  if (before.status !== "pending") throw new OrganisationStatusError(before.status);
  const updated = await db
    .updateTable("organisations")
    .set({ status, updated_at: nowIso(), version: expectedVersion + 1 })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("organisation");
  return before;
}

/**
 * Approves a registration and invites its contact as the organisation's first provider
 * user. Someone who already has an account is not linked or invited: their account may
 * belong to another organisation, so an administrator decides.
 */
export async function approveOrganisation(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
): Promise<ApprovalResult> {
  const before = await decide(db, id, expectedVersion, "approved");
  await recordAudit(db, audit, {
    action: "organisation.approved",
    recordType: "organisation",
    recordId: id,
    before: { status: before.status },
    after: { status: "approved" },
  });
  if (!before.contact_email) return { invited: false, token: null, reason: "no_contact", contactEmail: null };
  const contactEmail = normaliseEmail(before.contact_email);
  const existing = await db.selectFrom("users").select("id").where("email", "=", contactEmail).executeTakeFirst();
  if (existing) return { invited: false, token: null, reason: "existing_account", contactEmail };
  const contactName = before.contact_name?.trim() || before.name;
  const { userId, token } = await inviteUser(db, audit, {
    email: contactEmail,
    name: contactName,
    roles: ["provider"],
    organisationId: id,
    countyWide: false,
    districtIds: [],
  });
  return { invited: true, token, userId, contactName, contactEmail };
}

/** Rejects a registration; the reason is kept in the audit log and told to the contact. */
export async function rejectOrganisation(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  reason: string,
): Promise<{ contactName: string | null; contactEmail: string | null; name: string }> {
  const before = await decide(db, id, expectedVersion, "rejected");
  await recordAudit(db, audit, {
    action: "organisation.rejected",
    recordType: "organisation",
    recordId: id,
    before: { status: before.status },
    after: { status: "rejected", reason },
  });
  return { contactName: before.contact_name, contactEmail: before.contact_email, name: before.name };
}
