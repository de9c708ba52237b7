// What an organisation's forms accept: the admin's add and edit forms, a provider's
// self-registration, and an officer's decision on a registration. Numbers are normalised
// here (spaces, case, lost leading zeros) so the model stores one form of each.
import { z } from "zod";
import type { OrganisationsTable } from "../../db/schema";
import {
  checkOrgIdentifier, isCharityNumber, isCompanyNumber, normaliseCharityNumber, normaliseCompanyNumber, normalisePostcode,
} from "~/lib/org-identifiers";
import { versionField } from "~/schemas/fields";

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

/** Blank becomes null; anything else is trimmed. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v.length <= max, message)
    .transform((v) => v || null);

const charityNumber = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = normaliseCharityNumber(v ?? "");
    if (!value) return null;
    if (!isCharityNumber(value)) {
      ctx.addIssue({ code: "custom", message: MESSAGES.charityNumber });
      return z.NEVER;
    }
    return value;
  });

const companyNumber = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = normaliseCompanyNumber(v ?? "");
    if (!value) return null;
    if (!isCompanyNumber(value)) {
      ctx.addIssue({ code: "custom", message: MESSAGES.companyNumber });
      return z.NEVER;
    }
    return value;
  });

/** Left blank, the model derives one from the charity or company number. */
const orgIdentifier = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = (v ?? "").trim();
    if (!value) return null;
    const check = checkOrgIdentifier(value);
    if (!check.ok) {
      ctx.addIssue({ code: "custom", message: check.reason });
      return z.NEVER;
    }
    return check.value;
  });

const postcode = (required: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = (v ?? "").trim();
      if (!value) {
        if (required) {
          ctx.addIssue({ code: "custom", message: MESSAGES.postcode });
          return z.NEVER;
        }
        return null;
      }
      const normalised = normalisePostcode(value);
      if (!normalised) {
        ctx.addIssue({ code: "custom", message: MESSAGES.postcodeFormat });
        return z.NEVER;
      }
      return normalised;
    });

const email = z.string().trim().max(254, MESSAGES.contactEmailFormat).pipe(z.email(MESSAGES.contactEmailFormat));

const name = z.string({ error: MESSAGES.name }).trim().min(1, MESSAGES.name).max(200, MESSAGES.nameLength);

export const VERSION_MESSAGE = "This form is out of date: reload the page and try again";
const version = versionField(VERSION_MESSAGE);

/** A provider registering itself: every field a small community group can give. */
export const registrationSchema = z.object({
  name,
  charity_number: charityNumber,
  company_number: companyNumber,
  address: optionalText(500, MESSAGES.address),
  postcode: postcode(true),
  contact_name: z.string({ error: MESSAGES.contactName }).trim().min(1, MESSAGES.contactName).max(200, MESSAGES.contactNameLength),
  contact_email: z.string({ error: MESSAGES.contactEmail }).trim().min(1, MESSAGES.contactEmail).pipe(email),
});

export type RegistrationInput = z.infer<typeof registrationSchema>;

/** What the confirmation page says, carried there once in the session. */
export interface RegistrationReceipt {
  organisationName: string;
  contactEmail: string;
}

/** The admin's form: the register as the council keeps it. Contact details are optional. */
export const organisationSchema = z.object({
  name,
  type: z.enum(["provider", "council"], { error: MESSAGES.type }),
  charity_number: charityNumber,
  company_number: companyNumber,
  org_identifier: orgIdentifier,
  address: optionalText(500, MESSAGES.address),
  postcode: postcode(false),
  contact_name: optionalText(200, MESSAGES.contactNameLength),
  contact_email: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.union([z.literal(""), email]))
    .transform((v) => v || null),
});

export type OrganisationInput = z.infer<typeof organisationSchema>;

export const organisationEditSchema = organisationSchema.extend({ version });

/** An officer's decision on a pending registration: the button pressed says which (its `intent`). */
export const approvalSchema = z.object({ version });

export const rejectionSchema = z.object({
  version,
  reason: z.string({ error: MESSAGES.reason }).trim().min(1, MESSAGES.reason).max(1000, MESSAGES.reasonLength),
});
