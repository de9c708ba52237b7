// The quarterly return's zod schemas: the case study form and the declaration. Server-only
// (.server), because a page that imports zod, even for its action, sends it to the browser;
// the return's words, limits and field names are in returns.ts, which pages may import.
import { z } from "zod";
import { versionField } from "~/schemas/fields.server";
import type { FieldErrors, FormValues } from "~/lib/forms";
import {
  CASE_STUDY_STORY_MAX, CASE_STUDY_TITLE_MAX, cleanText, fieldText, NARRATIVE_FIELDS, NARRATIVE_LABELS, NARRATIVE_MAX, NARRATIVE_MISSING, OVERRIDE_REASON_MAX, RETURN_MESSAGES,
  type CaseStudyInput, type NarrativeInput,
} from "./returns";

const clean = cleanText;
const text = fieldText;

export function parseNarrative(values: FormValues, complete: boolean): { input: NarrativeInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const input = {} as NarrativeInput;
  for (const field of NARRATIVE_FIELDS) {
    const parsed = z
      .string()
      .transform(clean)
      .refine((v) => v.length <= NARRATIVE_MAX, `${NARRATIVE_LABELS[field]} must be ${NARRATIVE_MAX.toLocaleString("en-GB")} characters or fewer`)
      .refine((v) => !complete || v.length > 0, NARRATIVE_MISSING[field])
      .safeParse(text(values, field));
    if (parsed.success) input[field] = parsed.data || null;
    else {
      errors[field] = parsed.error.issues[0].message;
      input[field] = clean(text(values, field)) || null;
    }
  }
  return { input, errors };
}


const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v ? [v] : []);

export function caseStudySchema(options: { themeIds: readonly string[]; indicatorIds: readonly string[] }) {
  return z
    .object({
      title: z.string({ error: RETURN_MESSAGES.caseStudyTitle }).transform(clean)
        .pipe(z.string().min(1, RETURN_MESSAGES.caseStudyTitle).max(CASE_STUDY_TITLE_MAX, RETURN_MESSAGES.caseStudyTitleLong)),
      story: z.string({ error: RETURN_MESSAGES.caseStudyStory }).transform(clean)
        .pipe(z.string().min(1, RETURN_MESSAGES.caseStudyStory).max(CASE_STUDY_STORY_MAX, RETURN_MESSAGES.caseStudyStoryLong)),
      themes: z.unknown().optional().transform(list)
        .refine((ids) => ids.length > 0, RETURN_MESSAGES.caseStudyThemes)
        .refine((ids) => ids.every((id) => options.themeIds.includes(id)), RETURN_MESSAGES.caseStudyTheme),
      indicators: z.unknown().optional().transform(list)
        .refine((ids) => ids.every((id) => options.indicatorIds.includes(id)), RETURN_MESSAGES.caseStudyIndicator),
      consent: z.literal("yes", { error: RETURN_MESSAGES.consent }),
      override: z.unknown().optional().transform((v) => v === "yes"),
      override_reason: z.unknown().optional().transform((v) => (typeof v === "string" ? clean(v) : ""))
        .pipe(z.string().max(OVERRIDE_REASON_MAX, RETURN_MESSAGES.overrideReasonLong)),
    })
    .superRefine((v, ctx) => {
      if (v.override && !v.override_reason) ctx.addIssue({ code: "custom", path: ["override_reason"], message: RETURN_MESSAGES.overrideReason });
    })
    .transform((v): CaseStudyInput => ({
      title: v.title,
      story: v.story,
      themeIds: [...new Set(v.themes)],
      indicatorIds: [...new Set(v.indicators)],
      consentConfirmed: true,
      overrideConfirmed: v.override,
      overrideReason: v.override_reason || null,
    }));
}

export const declarationSchema = z.object({
  version: versionField(RETURN_MESSAGES.version),
  declaration: z.literal("yes", { error: RETURN_MESSAGES.declaration }),
});

