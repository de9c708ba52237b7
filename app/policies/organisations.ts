// Organisations: officers approve the providers they commission; admins keep the register;
// a provider's staff see their own organisation and no other.
import { hasRole, providerOwns, type Actor } from "./actor";

export interface OrganisationRecord {
  id: string;
}

export const organisationRules = {
  "organisations:list": (a: Actor) => hasRole(a, "admin", "officer"),
  "organisations:create": (a: Actor) => hasRole(a, "admin"),
  "organisations:edit": (a: Actor) => hasRole(a, "admin"),
  "organisations:approve": (a: Actor) => hasRole(a, "admin", "officer"),
  "organisation:view": (a: Actor, o: OrganisationRecord) => hasRole(a, "admin", "officer") || providerOwns(a, o.id),
};
