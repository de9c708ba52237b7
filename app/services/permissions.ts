// Who may do what. Every loader and action asks here (through the guards in
// guards.server.ts); pages only hide links, they never decide.
// Pure functions of the actor and the record, so they are tested without a database.
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

/** The permissions the foundation knows; later features add theirs here, not in routes. */
export type Permission =
  | "admin:users"
  | "admin:reference-data" // districts, funding streams, allocations, themes
  | "admin:settings"
  | "admin:audit"
  | "organisations:list"
  | "organisations:create"
  | "organisations:edit"
  | "organisations:approve"
  | "organisation:view"
  | "district:view";

export interface OrganisationRecord {
  id: string;
}

export interface DistrictRecord {
  id: string;
}

type Rule = (actor: Actor, record?: unknown) => boolean;

const RULES: Record<Permission, Rule> = {
  "admin:users": (a) => hasRole(a, "admin"),
  "admin:reference-data": (a) => hasRole(a, "admin"),
  "admin:settings": (a) => hasRole(a, "admin"),
  "admin:audit": (a) => hasRole(a, "admin"),
  // Officers approve the providers they commission; admins keep the register.
  "organisations:list": (a) => hasRole(a, "admin", "officer"),
  "organisations:create": (a) => hasRole(a, "admin"),
  "organisations:edit": (a) => hasRole(a, "admin"),
  "organisations:approve": (a) => hasRole(a, "admin", "officer"),
  "organisation:view": (a, record) =>
    hasRole(a, "admin", "officer") ||
    (hasRole(a, "provider") && !!a.organisationId && (record as OrganisationRecord | undefined)?.id === a.organisationId),
  "district:view": (a, record) =>
    hasRole(a, "admin", "viewer") ||
    (record !== undefined && officerCoversDistrict(a, (record as DistrictRecord).id)),
};

/** May this actor do this (to this record)? */
export function can(actor: Actor | null, permission: Permission, record?: unknown): boolean {
  if (!actor) return false;
  return RULES[permission](actor, record);
}

/** The sections of the site a user's roles open, for the header and the 403 page. */
export interface Section {
  href: string;
  label: string;
}

export function sectionsFor(actor: Actor): Section[] {
  const sections: Section[] = [{ href: "/", label: "Home" }];
  if (hasRole(actor, "provider") && actor.organisationId) {
    sections.push({ href: `/organisations/${actor.organisationId}`, label: "Your organisation" });
  }
  if (can(actor, "organisations:list")) sections.push({ href: "/organisations", label: "Organisations" });
  if (hasRole(actor, "admin")) sections.push({ href: "/admin", label: "Admin" });
  sections.push({ href: "/account", label: "Your account" });
  return sections;
}
