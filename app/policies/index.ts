// Who may do what: every rule, by record type, in one table. Each module beside this one
// holds the rules for one kind of record (and the helpers that put them into a list's
// query); `can` is how everything else asks. Pure functions of the actor and the record,
// so they are unit-tested without a database. Pages only hide links; loaders and actions
// decide, through the guards in app/http/guards.server.ts.
import { adminRules } from "./admin";
import { bidRules } from "./bids";
import { organisationRules } from "./organisations";
import { panelRules } from "./panel";
import { profileRules } from "./profiles";
import { projectRules } from "./projects";
import { returnRules } from "./returns";
import { tenderRules } from "./tenders";
import { hasRole, type Actor } from "./actor";

const RULES = {
  ...adminRules,
  ...organisationRules,
  ...tenderRules,
  ...bidRules,
  ...panelRules,
  ...projectRules,
  ...returnRules,
  ...profileRules,
};

type Rules = typeof RULES;
export type Permission = keyof Rules;
export const PERMISSIONS = Object.keys(RULES) as Permission[];

/** The record a permission is about, or undefined for those about a kind of record. */
export type RecordFor<P extends Permission> = Parameters<Rules[P]>[1];

/** May this actor do this (to this record)? Nobody signed out may do anything. */
export function can<P extends Permission>(actor: Actor | null, permission: P, ...record: RecordFor<P> extends undefined ? [] : [RecordFor<P>]): boolean {
  if (!actor) return false;
  const rule = RULES[permission] as (a: Actor, r?: unknown) => boolean;
  return rule(actor, record[0]);
}

/** The sections of the site a user's roles open, for the header and the 403 page. */
export interface Section {
  href: string;
  label: string;
}

/** What anyone, signed in or not, may open: the public pages. */
export const PUBLIC_SECTIONS: readonly Section[] = [
  { href: "/opportunities", label: "Funding opportunities" },
  { href: "/contracts", label: "Contracts and grants" },
  { href: "/district-profiles", label: "District profiles" },
];

export function sectionsFor(actor: Actor): Section[] {
  const sections: Section[] = [{ href: "/", label: "Home" }];
  const providerWithOrganisation = hasRole(actor, "provider") && !!actor.organisationId;
  const officer = hasRole(actor, "officer");
  if (providerWithOrganisation) sections.push({ href: `/organisations/${actor.organisationId}`, label: "Your organisation" });
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
