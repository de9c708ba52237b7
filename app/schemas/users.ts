// What the admin Users forms accept. The cross-field rules (a provider needs an
// organisation, an officer needs districts unless county-wide) live here, so the invite
// form and the edit form say the same thing.
// The schemas are in users.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import { ROLES, type Role } from "../../db/schema";
import type { FieldErrors } from "~/lib/forms";
import type { UserAccessInput } from "~/models/accounts/users.server";

export const USER_MESSAGES = {
  nameMissing: "Enter the person's name",
  nameTooLong: "Name must be 120 characters or fewer",
  emailMissing: "Enter the person's e-mail address",
  emailFormat: "Enter an e-mail address in the correct format, like name@example.org",
  emailTooLong: "E-mail address must be 254 characters or fewer",
  rolesMissing: "Choose at least one role",
  rolesUnknown: "Choose roles from the list",
  organisationMissing: "Choose the provider organisation this person works for",
  organisationUnknown: "Choose a provider organisation from the list",
  countyWideUnknown: "Choose yes or no",
  districtsMissing: "Choose the districts this officer covers, or make them county-wide",
  districtsUnknown: "Choose districts from the list",
  versionMissing: "The page is out of date. Reload it and try again.",
} as const;

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export interface AccessFields {
  roles: unknown;
  organisationId: string | null;
  countyWide: "yes" | "no";
  districts: string[];
}

export const CANNOT_DEACTIVATE_SELF = "You cannot deactivate your own account. Ask another administrator to do it.";

export const CANNOT_REMOVE_OWN_ADMIN = "You cannot remove your own administrator role. Ask another administrator to do it.";

export const NOT_INVITED = "This person has already set a password or their account is deactivated, so there is no invitation to resend.";

export const ALREADY_DEACTIVATED = "This account is already deactivated.";

export const ALREADY_ACTIVE = "This account is already active.";

/** What the model stores: an organisation only for providers, districts only for officers who are not county-wide. */
export function toAccessInput(data: { name: string; roles: Role[]; organisationId: string | null; countyWide: "yes" | "no"; districts: string[] }): UserAccessInput {
  const isOfficer = data.roles.includes("officer");
  const countyWide = isOfficer && data.countyWide === "yes";
  return {
    name: data.name,
    roles: data.roles,
    organisationId: data.roles.includes("provider") ? data.organisationId : null,
    countyWide,
    districtIds: isOfficer && !countyWide ? data.districts : [],
  };
}

/**
 * The organisation and districts must be ones the form offered. Only a tampered form or a
 * record removed while the form was open gets here.
 */
export function choiceErrors(
  input: UserAccessInput,
  choices: { organisationIds: readonly string[]; districtIds: readonly string[] },
): FieldErrors {
  const errors: FieldErrors = {};
  if (input.organisationId && !choices.organisationIds.includes(input.organisationId)) {
    errors.organisationId = USER_MESSAGES.organisationUnknown;
  }
  if (input.districtIds.some((id) => !choices.districtIds.includes(id))) {
    errors.districts = USER_MESSAGES.districtsUnknown;
  }
  return errors;
}
