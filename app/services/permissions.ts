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
  | "district:view"
  // Tenders, bids and the panel (issue 3). Records carry what the rule needs to know.
  | "tenders:create"
  | "tender:manage" // edit, publish, amend, cancel, answer clarifications, assign the panel
  | "tender:view"
  | "tenders:browse"
  | "bid:edit" // draft, submit, withdraw
  | "bid:read-contents"
  | "panel:take-part" // declare interests and score
  | "panel:score-bid"
  | "tender:moderate" // moderation, consensus, decisions, scoring matrix
  | "bid:read-outcome"
  // Projects, returns and visits (issue 4).
  | "projects:create"
  | "project:view"
  | "project:manage" // adjust, vary, record visits, documents
  | "return:view"
  | "return:edit" // the provider fills in and submits
  | "return:review" // the officer queries or approves
  // District performance profiles and the value of early help (issue 5).
  | "profiles:browse" // the county view and the list of profiles
  | "profile:view-live" // a district's live (draft) profile, its figures and downloads
  | "profile:view-published" // a district's published, frozen profiles
  | "profile:curate" // agreed actions, chosen case studies, publishing
  | "county-pack:build"
  | "context:edit" // a district's context indicators
  | "context-indicators:manage" // add or retire context indicators
  | "unit-costs:manage" // the unit costs table and the uprating index
  | "indicator-value:link"; // link an outcome indicator to a unit cost

export interface ProjectRecord {
  organisationId: string;
  districtId: string;
}

export interface ReturnRecord {
  project: ProjectRecord;
  status: "not_started" | "draft" | "submitted" | "queried" | "resubmitted" | "approved";
}

/** What the tender rules need to know about a tender. */
export interface TenderRecord {
  districtIds: readonly string[];
  /** The status as the clock makes it: see tenderStatus() in tenders.server.ts. */
  status: "draft" | "upcoming" | "open" | "closed" | "evaluation" | "awarded" | "cancelled";
  panelUserIds: readonly string[];
}

export interface BidRecord {
  organisationId: string;
  status: "draft" | "submitted" | "withdrawn" | "successful" | "unsuccessful";
  tender: TenderRecord;
  /** Panel members who declared a conflict on this bid: they never see it. */
  conflictedUserIds: readonly string[];
  /** Panel members who have declared (either way) on this bid. */
  declaredUserIds: readonly string[];
}

const CLOSED_STATES: readonly TenderRecord["status"][] = ["closed", "evaluation", "awarded"];

/** Officers manage a tender when they cover at least one of its districts. */
function officerCoversTender(a: Actor, t: TenderRecord): boolean {
  return hasRole(a, "officer") && (a.countyWide || t.districtIds.some((d) => a.districtIds.includes(d)));
}

function providerOwns(a: Actor, organisationId: string): boolean {
  return hasRole(a, "provider") && !!a.organisationId && a.organisationId === organisationId;
}

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

  "tenders:create": (a) => hasRole(a, "officer"),
  "tender:manage": (a, r) => officerCoversTender(a, r as TenderRecord),
  // Drafts are the officers' own business; once published every provider may read a tender,
  // and a panel member may read the tenders they are assigned to.
  "tender:view": (a, r) => {
    const t = r as TenderRecord;
    if (officerCoversTender(a, t)) return true;
    if (t.status === "draft") return false;
    if (hasRole(a, "panel") && t.panelUserIds.includes(a.id)) return true;
    return hasRole(a, "provider") && !!a.organisationId;
  },
  "tenders:browse": (a) => hasRole(a, "provider", "officer"),
  "bid:edit": (a, r) => {
    const b = r as BidRecord;
    return providerOwns(a, b.organisationId) && b.tender.status === "open";
  },
  // Bids are sealed until the closing time: before it only the bidder reads its own bid.
  "bid:read-contents": (a, r) => {
    const b = r as BidRecord;
    if (providerOwns(a, b.organisationId)) return true;
    if (b.status === "draft" || b.status === "withdrawn") return false;
    if (!CLOSED_STATES.includes(b.tender.status)) return false;
    if (officerCoversTender(a, b.tender)) return true;
    return (
      hasRole(a, "panel") &&
      b.tender.panelUserIds.includes(a.id) &&
      b.declaredUserIds.includes(a.id) &&
      !b.conflictedUserIds.includes(a.id)
    );
  },
  "panel:take-part": (a, r) => {
    const t = r as TenderRecord;
    return hasRole(a, "panel") && t.panelUserIds.includes(a.id) && (t.status === "closed" || t.status === "evaluation");
  },
  "panel:score-bid": (a, r) => {
    const b = r as BidRecord;
    return (
      hasRole(a, "panel") &&
      b.tender.panelUserIds.includes(a.id) &&
      (b.tender.status === "closed" || b.tender.status === "evaluation") &&
      b.status === "submitted" &&
      b.declaredUserIds.includes(a.id) &&
      !b.conflictedUserIds.includes(a.id)
    );
  },
  "tender:moderate": (a, r) => {
    const t = r as TenderRecord;
    return officerCoversTender(a, t) && CLOSED_STATES.includes(t.status);
  },
  // A bidder reads its scores and feedback only once the decision is made.
  "bid:read-outcome": (a, r) => {
    const b = r as BidRecord;
    return providerOwns(a, b.organisationId) && (b.status === "successful" || b.status === "unsuccessful");
  },

  "projects:create": (a) => hasRole(a, "officer"),
  "project:view": (a, r) => {
    const p = r as ProjectRecord;
    return providerOwns(a, p.organisationId) || officerCoversDistrict(a, p.districtId);
  },
  "project:manage": (a, r) => officerCoversDistrict(a, (r as ProjectRecord).districtId),
  "return:view": (a, r) => {
    const rr = r as ReturnRecord;
    return providerOwns(a, rr.project.organisationId) || officerCoversDistrict(a, rr.project.districtId);
  },
  // The provider works on a return until it is submitted, and again when it is queried.
  "return:edit": (a, r) => {
    const rr = r as ReturnRecord;
    return providerOwns(a, rr.project.organisationId) && ["not_started", "draft", "queried"].includes(rr.status);
  },
  "return:review": (a, r) => {
    const rr = r as ReturnRecord;
    return officerCoversDistrict(a, rr.project.districtId) && (rr.status === "submitted" || rr.status === "resubmitted");
  },

  // Viewers (board members) read published profiles only; officers and admins see the live ones.
  "profiles:browse": (a) => hasRole(a, "officer", "viewer", "admin"),
  "profile:view-live": (a, r) => hasRole(a, "admin") || officerCoversDistrict(a, (r as DistrictRecord).id),
  "profile:view-published": (a, r) => hasRole(a, "viewer", "admin") || officerCoversDistrict(a, (r as DistrictRecord).id),
  "profile:curate": (a, r) => officerCoversDistrict(a, (r as DistrictRecord).id),
  // The county pack holds every district, so only county-wide officers (and admins) build it.
  "county-pack:build": (a) => hasRole(a, "admin") || (hasRole(a, "officer") && a.countyWide),
  "context:edit": (a, r) => hasRole(a, "admin") || officerCoversDistrict(a, (r as DistrictRecord).id),
  "context-indicators:manage": (a) => hasRole(a, "admin"),
  "unit-costs:manage": (a) => hasRole(a, "admin"),
  "indicator-value:link": (a, r) => officerCoversDistrict(a, (r as ProjectRecord).districtId),
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
  const providerWithOrganisation = hasRole(actor, "provider") && !!actor.organisationId;
  const officer = hasRole(actor, "officer");
  if (can(actor, "tenders:browse")) sections.push({ href: "/tenders", label: "Tenders" });
  if (providerWithOrganisation) sections.push({ href: "/bids", label: "Your bids" });
  if (officer || providerWithOrganisation) sections.push({ href: "/projects", label: officer ? "Projects" : "Your projects" });
  if (providerWithOrganisation) sections.push({ href: "/returns", label: "Your returns" });
  if (officer) sections.push({ href: "/reviews", label: "Returns to review" });
  if (officer) sections.push({ href: "/visits", label: "Visits" });
  if (can(actor, "profiles:browse")) sections.push({ href: "/profiles", label: "Profiles" });
  if (hasRole(actor, "panel")) sections.push({ href: "/panel", label: "Panel" });
  if (can(actor, "organisations:list")) sections.push({ href: "/organisations", label: "Organisations" });
  if (hasRole(actor, "admin")) sections.push({ href: "/admin", label: "Admin" });
  sections.push({ href: "/account", label: "Your account" });
  return sections;
}
