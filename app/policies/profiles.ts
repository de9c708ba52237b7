// District performance profiles and what feeds them. Viewers (board members) read published
// profiles only; officers and admins see the live ones. Officers curate and publish their
// own districts' profiles. The county pack holds every district, so only county-wide
// officers (and admins) build it.
import { hasRole, officerCoversDistrict, type Actor } from "./actor";
import type { DistrictRecord } from "./admin";

export const profileRules = {
  /** The county view and the list of profiles. */
  "profiles:browse": (a: Actor) => hasRole(a, "officer", "viewer", "admin"),
  /** A district's live (draft) profile, its figures and downloads. */
  "profile:view-live": (a: Actor, d: DistrictRecord) => hasRole(a, "admin") || officerCoversDistrict(a, d.id),
  "profile:view-published": (a: Actor, d: DistrictRecord) => hasRole(a, "viewer", "admin") || officerCoversDistrict(a, d.id),
  /** Agreed actions, chosen case studies, publishing. */
  "profile:curate": (a: Actor, d: DistrictRecord) => officerCoversDistrict(a, d.id),
  "county-pack:build": (a: Actor) => hasRole(a, "admin") || (hasRole(a, "officer") && a.countyWide),
  /** A district's context indicators. */
  "context:edit": (a: Actor, d: DistrictRecord) => hasRole(a, "admin") || officerCoversDistrict(a, d.id),
  /** Add or retire context indicators. */
  "context-indicators:manage": (a: Actor) => hasRole(a, "admin"),
  /** The unit costs table and the uprating index. */
  "unit-costs:manage": (a: Actor) => hasRole(a, "admin"),
};
