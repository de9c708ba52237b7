// Projects: the provider's own staff and the officers covering the project's district see
// it; only those officers manage it (plan, variations, visits, documents, unit-cost links),
// and never one who also works for the provider: nobody oversees their own organisation.
import { hasRole, officerCoversDistrict, providerOwns, type Actor } from "./actor";

export interface ProjectRecord {
  organisationId: string;
  districtId: string;
}

export const projectRules = {
  "projects:create": (a: Actor) => hasRole(a, "officer"),
  "project:view": (a: Actor, p: ProjectRecord) => providerOwns(a, p.organisationId) || officerCoversDistrict(a, p.districtId),
  "project:manage": (a: Actor, p: ProjectRecord) => officerCoversDistrict(a, p.districtId) && !providerOwns(a, p.organisationId),
  "indicator-value:link": (a: Actor, p: ProjectRecord) => officerCoversDistrict(a, p.districtId) && !providerOwns(a, p.organisationId),
};
