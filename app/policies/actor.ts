// Who is asking: the signed-in person as the rules see them, and the two facts most rules
// turn on: an officer's district scope, and a provider's own organisation. The list helpers
// at the end put the same two facts into a query's `where`, so a list shows exactly the
// records the one-record rules allow.
import type { Expression, ExpressionBuilder, ReferenceExpression, SqlBool } from "kysely";
import type { Role } from "../../db/schema";

export type { Role };

export interface Actor {
  id: string;
  roles: readonly Role[];
  organisationId: string | null;
  /** Officers: true when their scope is the whole county. */
  countyWide: boolean;
  /** Officers: the districts they are scoped to (ignored when countyWide). */
  districtIds: readonly string[];
}

export const ROLE_LABELS: Record<Role, string> = {
  provider: "Provider",
  panel: "Panel member",
  officer: "Commissioning officer",
  viewer: "Viewer",
  admin: "Administrator",
};

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}

/** An officer's reach: every district when county-wide, else the ones they are scoped to. */
export function officerCoversDistrict(actor: Actor, districtId: string): boolean {
  if (!hasRole(actor, "officer")) return false;
  return actor.countyWide || actor.districtIds.includes(districtId);
}

/** An officer covering at least one of these districts (a tender may span several). */
export function officerCoversAnyDistrict(actor: Actor, districtIds: readonly string[]): boolean {
  return hasRole(actor, "officer") && (actor.countyWide || districtIds.some((d) => actor.districtIds.includes(d)));
}

/** A provider's member of staff acting for this organisation. */
export function providerOwns(actor: Actor, organisationId: string): boolean {
  return hasRole(actor, "provider") && !!actor.organisationId && actor.organisationId === organisationId;
}

// ---------------------------------------------------------------------------------------
// The same rules for lists.

/** The districts an officer's lists are limited to: null for the whole county, [] for none (not an officer). */
export function officerDistrictScope(actor: Actor): readonly string[] | null {
  if (!hasRole(actor, "officer")) return [];
  return actor.countyWide ? null : actor.districtIds;
}

/** A `where` that is always false, for an actor who may see none of a list. */
function nothing<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> {
  return eb(eb.val(1), "=", 0);
}

/** A `where` that is always true. */
function everything<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> {
  return eb(eb.val(1), "=", 1);
}

/**
 * Rows whose district column is one the officer covers (officerCoversDistrict for a list):
 * `query.where((eb) => inOfficerScope(eb, actor, "projects.district_id"))`.
 */
export function inOfficerScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, actor: Actor, districtColumn: ReferenceExpression<DB, TB>): Expression<SqlBool> {
  return inDistrictScope(eb, officerDistrictScope(actor), districtColumn);
}

/** Rows whose district column is in a scope as officerDistrictScope gives it (null: every district). */
export function inDistrictScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, scope: readonly string[] | null, districtColumn: ReferenceExpression<DB, TB>): Expression<SqlBool> {
  if (scope === null) return everything(eb);
  if (scope.length === 0) return nothing(eb);
  // Kysely cannot type a comparison over a column named by the caller; the column is checked at the call.
  return eb(districtColumn, "in", [...scope] as never);
}

/** Rows whose organisation column is the provider's own (providerOwns for a list). */
export function ownedByProvider<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, actor: Actor, organisationColumn: ReferenceExpression<DB, TB>): Expression<SqlBool> {
  if (!hasRole(actor, "provider") || !actor.organisationId) return nothing(eb);
  return eb(organisationColumn, "=", actor.organisationId as never);
}
