// The zod schemas of ~/schemas/users: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in users.ts, which pages may import.
import { z } from "zod";
import { versionField } from "~/schemas/fields.server";
import { AccessFields, USER_MESSAGES, isRole } from "./users";

/** Ticked checkboxes: none ticked means the key is absent, which is an empty list. */
const ticked = () => z.array(z.string().trim()).prefault([]);

const version = versionField(USER_MESSAGES.versionMissing);

/** Name, roles, organisation and scope: what both the invite and the edit form ask. */
const accessShape = {
  name: z.string({ error: USER_MESSAGES.nameMissing }).trim().min(1, USER_MESSAGES.nameMissing).max(120, USER_MESSAGES.nameTooLong),
  roles: ticked()
    .refine((list) => list.length > 0, USER_MESSAGES.rolesMissing)
    .refine((list) => list.every(isRole), USER_MESSAGES.rolesUnknown)
    .transform((list) => [...new Set(list.filter(isRole))]),
  organisationId: z.string().trim().optional().transform((v) => v || null),
  countyWide: z.enum(["yes", "no"], { error: USER_MESSAGES.countyWideUnknown }).prefault("no"),
  districts: ticked().transform((list) => [...new Set(list.filter(Boolean))]),
};

function accessRules(value: AccessFields, ctx: z.RefinementCtx): void {
  // Roles may have failed their own checks; the rules below only need to know what was ticked.
  const roles = Array.isArray(value.roles) ? (value.roles as string[]) : [];
  if (roles.includes("provider") && !value.organisationId) {
    ctx.addIssue({ code: "custom", path: ["organisationId"], message: USER_MESSAGES.organisationMissing });
  }
  if (roles.includes("officer") && value.countyWide !== "yes" && value.districts.length === 0) {
    ctx.addIssue({ code: "custom", path: ["districts"], message: USER_MESSAGES.districtsMissing });
  }
}

export const inviteUserSchema = z
  .object({
    ...accessShape,
    email: z
      .string({ error: USER_MESSAGES.emailMissing })
      .trim()
      .min(1, USER_MESSAGES.emailMissing)
      .max(254, USER_MESSAGES.emailTooLong)
      .pipe(z.email(USER_MESSAGES.emailFormat)),
  })
  .superRefine(accessRules);

export type InviteUserForm = z.infer<typeof inviteUserSchema>;

/** The user page's forms: each sends its `intent`, and the action dispatches on it. */
export const updateAccessSchema = z.object({ version, ...accessShape }).superRefine(accessRules);

/** Deactivating and reactivating: the version the page showed. */
export const userVersionSchema = z.object({ version });
