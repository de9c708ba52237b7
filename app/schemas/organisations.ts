// What an organisation's forms accept: the admin's add and edit forms, a provider's
// self-registration, and an officer's decision on a registration. Numbers are normalised
// here (spaces, case, lost leading zeros) so the model stores one form of each.
// The schemas are in organisations.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { OrganisationsTable } from "../../db/schema";

export type OrganisationType = OrganisationsTable["type"];

export type OrganisationStatus = OrganisationsTable["status"];

export const ORGANISATION_TYPES: readonly OrganisationType[] = ["provider", "council"];

export const ORGANISATION_STATUSES: readonly OrganisationStatus[] = ["pending", "approved", "rejected"];

export const TYPE_LABELS: Record<OrganisationType, string> = { provider: "Provider", council: "Council" };

export const STATUS_LABELS: Record<OrganisationStatus, string> = {
  pending: "Waiting for approval",
  approved: "Approved",
  rejected: "Rejected",
};

export const MESSAGES = {
  name: "Enter the organisation's name",
  nameLength: "Organisation name must be 200 characters or fewer",
  charityNumber: "Enter a charity number of 6 or 7 digits, like 1123456",
  companyNumber: "Enter a company number of 8 characters, like 01234567 or SC123456",
  postcode: "Enter the organisation's postcode",
  postcodeFormat: "Enter a real postcode, like PR1 8XJ",
  address: "Address must be 500 characters or fewer",
  contactName: "Enter the name of the person the council should contact",
  contactNameLength: "Contact name must be 200 characters or fewer",
  contactEmail: "Enter the contact's e-mail address",
  contactEmailFormat: "Enter an e-mail address in the correct format, like name@example.org",
  type: "Select the type of organisation",
  reason: "Enter the reason for rejecting this registration",
  reasonLength: "The reason must be 1,000 characters or fewer",
} as const;

export const VERSION_MESSAGE = "This form is out of date: reload the page and try again";

/** What the confirmation page says, carried there once in the session. */
export interface RegistrationReceipt {
  organisationName: string;
  contactEmail: string;
}
