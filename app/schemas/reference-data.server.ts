// The zod schemas of ~/schemas/reference-data: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in reference-data.ts, which pages may import.
import { z } from "zod";
import { versionField } from "~/schemas/fields.server";
import { C, MESSAGES, ONS_DISTRICT_CODE } from "./reference-data";

/** The hidden version field of an edit form: the version the person started from. */
const version = versionField("Reload the page and try again");

export const districtSchema = z.object({
  name: z.string({ error: MESSAGES.districtName }).trim().min(1, MESSAGES.districtName).max(100, MESSAGES.districtNameLong),
  ons_code: z
    .string({ error: MESSAGES.onsCode })
    .trim()
    .transform((s) => s.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().min(1, MESSAGES.onsCode).regex(ONS_DISTRICT_CODE, MESSAGES.onsCodeFormat)),
  partnership_name: z.string({ error: MESSAGES.partnership }).trim().min(1, MESSAGES.partnership).max(200, MESSAGES.partnershipLong),
});

export type DistrictInput = z.infer<typeof districtSchema>;

export const districtEditSchema = districtSchema.extend({ version });

const yesNo = (message: string) =>
  z.enum(["yes", "no"], { error: message }).transform((v) => v === "yes");

export const streamSchema = z.object({
  name: z.string({ error: MESSAGES.streamName }).trim().min(1, MESSAGES.streamName).max(100, MESSAGES.streamNameLong),
  description: z.string().trim().max(1000, MESSAGES.descriptionLong).default(""),
  is_active: yesNo(MESSAGES.streamActive),
});

export type StreamInput = z.infer<typeof streamSchema>;

export const streamEditSchema = streamSchema.extend({ version });

export const themeSchema = z.object({
  name: z.string({ error: MESSAGES.themeName }).trim().min(1, MESSAGES.themeName).max(100, MESSAGES.themeNameLong),
  description: z.string().trim().max(1000, MESSAGES.descriptionLong).default(""),
  is_active: yesNo(MESSAGES.themeActive),
});

export type ThemeInput = z.infer<typeof themeSchema>;

export const themeEditSchema = themeSchema.extend({ version });

const indicatorName = z.string({ error: C.name }).trim().min(1, C.name).max(120, C.nameLong);

const indicatorDescription = z.string().trim().max(1000, C.descriptionLong).default("");

export const contextIndicatorSchema = z.object({
  code: z
    .string({ error: C.code })
    .trim()
    .min(1, C.code)
    .max(40, C.codeLong)
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, C.codeFormat),
  name: indicatorName,
  description: indicatorDescription,
});

export type ContextIndicatorInput = z.infer<typeof contextIndicatorSchema>;

/** The code is fixed once made: imported files and earlier exports refer to it. */
export const contextIndicatorEditSchema = z.object({
  name: indicatorName,
  description: indicatorDescription,
  is_active: yesNo(C.active),
  version,
});

export type ContextIndicatorEdit = z.infer<typeof contextIndicatorEditSchema>;

/** A financial year from the URL or a form: the calendar year it starts in. */
export const financialYearParam = z.coerce.number().int().min(2000).max(2100);
