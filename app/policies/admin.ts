// The administration area: users, reference data, settings and the audit log are for
// administrators only. Districts are reference data that officers and viewers read too.
import { hasRole, officerCoversDistrict, type Actor } from "./actor";

export interface DistrictRecord {
  id: string;
}

export const adminRules = {
  "admin:users": (a: Actor) => hasRole(a, "admin"),
  /** Districts, themes, funding streams and allocations, context indicators. */
  "admin:reference-data": (a: Actor) => hasRole(a, "admin"),
  "admin:settings": (a: Actor) => hasRole(a, "admin"),
  "admin:audit": (a: Actor) => hasRole(a, "admin"),
  "district:view": (a: Actor, d: DistrictRecord) => hasRole(a, "admin", "viewer") || officerCoversDistrict(a, d.id),
};
