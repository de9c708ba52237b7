// Districts: the areas the programme covers, each with its ONS code and partnership.
import type { Executor } from "../../../db/client";
import type { AuditContext } from "~/models/audit/record.server";
import type { ListPage, ListParams } from "~/lib/lists";
import { MESSAGES } from "~/schemas/reference-data";
import type { DistrictInput } from "~/schemas/reference-data.server";
import { createReference, getReference, listAllReference, listReference, updateReference, type ReferenceKind } from "./reference-data.server";

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

const DISTRICTS: ReferenceKind<DistrictRow, District> = {
  table: "districts",
  noun: "district",
  recordType: "district",
  action: "district",
  columns: ["id", "name", "ons_code", "partnership_name", "updated_at", "version"],
  toRecord: (r) => ({ id: r.id, name: r.name, onsCode: r.ons_code, partnershipName: r.partnership_name, updatedAt: r.updated_at, version: r.version }),
  // Names are unique whatever their case; ONS codes are stored in capitals.
  unique: [
    { column: "name", field: "name", message: MESSAGES.duplicateDistrictName, anyCase: true },
    { column: "ons_code", field: "ons_code", message: MESSAGES.duplicateOnsCode },
  ],
};

export function listDistricts(db: Executor, params: ListParams<DistrictSort>): Promise<ListPage<District>> {
  return listReference(db, DISTRICTS, params, {
    search: ["name", "ons_code", "partnership_name"],
    sorts: { name: ["name"], ons_code: ["ons_code"], partnership: ["partnership_name", "name"] },
    tiebreak: ["id"],
  });
}

export const getDistrict = (db: Executor, id: string): Promise<District | null> => getReference(db, DISTRICTS, id);

/** Every district, by name: for the allocations table and pickers. */
export const listAllDistricts = (db: Executor): Promise<District[]> => listAllReference(db, DISTRICTS, ["name", "id"]);

const snapshot = (d: DistrictInput) => ({ name: d.name, ons_code: d.ons_code, partnership_name: d.partnership_name });

export function createDistrict(db: Executor, audit: AuditContext, input: DistrictInput): Promise<string> {
  return createReference(db, audit, DISTRICTS, { values: snapshot(input), after: snapshot(input) });
}

/** Saves the new details unless someone else saved since `expectedVersion` was read. */
export function updateDistrict(db: Executor, audit: AuditContext, id: string, expectedVersion: number, input: DistrictInput): Promise<void> {
  return updateReference(db, audit, DISTRICTS, id, expectedVersion, {
    values: snapshot(input),
    before: (d) => ({ name: d.name, ons_code: d.onsCode, partnership_name: d.partnershipName }),
    after: () => snapshot(input),
  });
}
