// Districts: the areas the programme covers, each with its ONS code and partnership.
import type { Executor } from "../../../db/client";
import { recordAudit, type AuditContext } from "~/models/audit/record.server";
import { containsText, pageWindow, toListPage, type ListPage, type ListParams } from "~/lib/lists";
import { newId, nowIso } from "~/lib/ids.server";
import { MESSAGES, type DistrictInput } from "~/schemas/reference-data";
import { DuplicateError, StaleEditError } from "~/models/errors";

export const DISTRICT_SORTS = ["name", "ons_code", "partnership"] as const;
export type DistrictSort = (typeof DISTRICT_SORTS)[number];

export interface District {
  id: string;
  name: string;
  onsCode: string;
  partnershipName: string;
  updatedAt: string;
  version: number;
}

type DistrictRow = { id: string; name: string; ons_code: string; partnership_name: string; updated_at: string; version: number };

const toDistrict = (r: DistrictRow): District => ({
  id: r.id,
  name: r.name,
  onsCode: r.ons_code,
  partnershipName: r.partnership_name,
  updatedAt: r.updated_at,
  version: r.version,
});

const COLUMNS = ["id", "name", "ons_code", "partnership_name", "updated_at", "version"] as const;

export async function listDistricts(db: Executor, params: ListParams<DistrictSort>): Promise<ListPage<District>> {
  let base = db.selectFrom("districts");
  if (params.q) {
    base = base.where((eb) =>
      eb.or([
        containsText(eb.ref("name"), params.q),
        containsText(eb.ref("ons_code"), params.q),
        containsText(eb.ref("partnership_name"), params.q),
      ]),
    );
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const { limit, offset } = pageWindow(params);
  let query = base.select([...COLUMNS]);
  switch (params.sort) {
    case "ons_code": query = query.orderBy("ons_code", params.dir); break;
    case "partnership": query = query.orderBy("partnership_name", params.dir).orderBy("name", params.dir); break;
    default: query = query.orderBy("name", params.dir);
  }
  const rows = await query.orderBy("id").limit(limit).offset(offset).execute();
  return toListPage(rows.map(toDistrict), Number(total), params);
}

export async function getDistrict(db: Executor, id: string): Promise<District | null> {
  const row = await db.selectFrom("districts").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  return row ? toDistrict(row) : null;
}

/** Every district, by name: for the allocations table and pickers. */
export async function listAllDistricts(db: Executor): Promise<District[]> {
  const rows = await db.selectFrom("districts").select([...COLUMNS]).orderBy("name").orderBy("id").execute();
  return rows.map(toDistrict);
}

/** Names are unique whatever their case; ONS codes are stored in capitals. */
async function assertUnique(db: Executor, input: DistrictInput, exceptId?: string): Promise<void> {
  let byName = db.selectFrom("districts").select("id").where((eb) => eb(eb.fn("lower", ["name"]), "=", input.name.toLowerCase()));
  if (exceptId) byName = byName.where("id", "!=", exceptId);
  if (await byName.executeTakeFirst()) throw new DuplicateError("name", MESSAGES.duplicateDistrictName);
  let byCode = db.selectFrom("districts").select("id").where("ons_code", "=", input.ons_code);
  if (exceptId) byCode = byCode.where("id", "!=", exceptId);
  if (await byCode.executeTakeFirst()) throw new DuplicateError("ons_code", MESSAGES.duplicateOnsCode);
}

const snapshot = (d: { name: string; ons_code: string; partnership_name: string }) => ({
  name: d.name,
  ons_code: d.ons_code,
  partnership_name: d.partnership_name,
});

export async function createDistrict(db: Executor, audit: AuditContext, input: DistrictInput): Promise<string> {
  await assertUnique(db, input);
  const id = newId();
  const now = nowIso();
  await db
    .insertInto("districts")
    .values({ id, ...snapshot(input), created_at: now, updated_at: now, version: 1 })
    .execute();
  await recordAudit(db, audit, { action: "district.created", recordType: "district", recordId: id, after: snapshot(input) });
  return id;
}

/** Saves the new details unless someone else saved since `expectedVersion` was read. */
export async function updateDistrict(
  db: Executor,
  audit: AuditContext,
  id: string,
  expectedVersion: number,
  input: DistrictInput,
): Promise<void> {
  const before = await db.selectFrom("districts").select([...COLUMNS]).where("id", "=", id).executeTakeFirst();
  if (!before) throw new Error("District not found");
  if (before.version !== expectedVersion) throw new StaleEditError("district");
  await assertUnique(db, input, id);
  const updated = await db
    .updateTable("districts")
    .set({ ...snapshot(input), updated_at: nowIso(), version: expectedVersion + 1 })
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StaleEditError("district");
  await recordAudit(db, audit, {
    action: "district.updated",
    recordType: "district",
    recordId: id,
    before: snapshot(before),
    after: snapshot(input),
  });
}
