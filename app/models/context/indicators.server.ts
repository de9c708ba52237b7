// Context (statutory-demand) indicators: the figures the council reports per district and
// quarter (referrals to social care, child protection plans, ...). Administrators keep the
// list like the other reference data; an indicator is retired by making it inactive, never
// deleted, so its history is kept.
import type { Executor } from "../../../db/client";
import type { AuditContext } from "~/models/audit/record.server";
import { CONTEXT_INDICATOR_MESSAGES as M } from "~/schemas/reference-data";
import type { ContextIndicatorEdit, ContextIndicatorInput } from "~/schemas/reference-data.server";
import { createReference, flag, getReference, isSet, listAllReference, updateReference, type ReferenceKind } from "../admin/reference-data.server";

export interface ContextIndicator {
  id: string;
  code: string;
  name: string;
  description: string;
  position: number;
  isActive: boolean;
  updatedAt: string;
  version: number;
}

type IndicatorRow = {
  id: string; code: string; name: string; description: string; position: number; is_active: number; updated_at: string; version: number;
};

const INDICATORS: ReferenceKind<IndicatorRow, ContextIndicator> = {
  table: "context_indicators",
  noun: "indicator",
  recordType: "context_indicator",
  action: "context-indicator",
  columns: ["id", "code", "name", "description", "position", "is_active", "updated_at", "version"],
  toRecord: (r) => ({
    id: r.id, code: r.code, name: r.name, description: r.description, position: Number(r.position), isActive: isSet(r.is_active),
    updatedAt: r.updated_at, version: Number(r.version),
  }),
  unique: [
    { column: "code", field: "code", message: M.duplicateCode },
    { column: "name", field: "name", message: M.duplicateName, anyCase: true },
  ],
};

/** Every indicator, active first, each group in position order: for the admin list. */
export const listContextIndicators = (db: Executor): Promise<ContextIndicator[]> =>
  listAllReference(db, INDICATORS, [{ column: "is_active", dir: "desc" }, "position", "id"]);

export const listActiveContextIndicators = (db: Executor): Promise<ContextIndicator[]> =>
  listAllReference(db, INDICATORS, ["position", "id"], { is_active: 1 });

export const getContextIndicator = (db: Executor, id: string): Promise<ContextIndicator | null> => getReference(db, INDICATORS, id);

const snapshot = (i: { code: string; name: string; description: string; is_active: boolean }) => ({
  code: i.code, name: i.name, description: i.description, is_active: i.is_active,
});

/** A new indicator goes after the others, active, so it appears at once in the form. */
export async function createContextIndicator(db: Executor, audit: AuditContext, input: ContextIndicatorInput): Promise<string> {
  const last = await db.selectFrom("context_indicators").select((eb) => eb.fn.max("position").as("position")).executeTakeFirst();
  const position = Number(last?.position ?? 0) + 1;
  return createReference(db, audit, INDICATORS, {
    values: { code: input.code, name: input.name, description: input.description, position, is_active: 1 },
    after: snapshot({ ...input, is_active: true }),
  });
}

export function updateContextIndicator(db: Executor, audit: AuditContext, id: string, input: ContextIndicatorEdit): Promise<void> {
  return updateReference(db, audit, INDICATORS, id, input.version, {
    values: { name: input.name, description: input.description, is_active: flag(input.is_active) },
    before: (i) => snapshot({ code: i.code, name: i.name, description: i.description, is_active: i.isActive }),
    after: (i) => snapshot({ code: i.code, name: input.name, description: input.description, is_active: input.is_active }),
  });
}
