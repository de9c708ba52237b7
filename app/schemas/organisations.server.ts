// The zod schemas of ~/schemas/organisations: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in organisations.ts, which pages may import.
import { z } from "zod";
import { checkOrgIdentifier, isCharityNumber, isCompanyNumber, normaliseCharityNumber, normaliseCompanyNumber, normalisePostcode } from "~/lib/org-identifiers";
import { versionField } from "~/schemas/fields.server";
import { MESSAGES, VERSION_MESSAGE } from "./organisations";

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
