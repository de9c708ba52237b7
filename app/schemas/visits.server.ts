// The zod schemas of ~/schemas/visits: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in visits.ts, which pages may import.
import { z } from "zod";
import { readVersion, type FormValues } from "~/lib/forms";
import { isSensibleIsoDate } from "~/lib/dates";
import { formIssues } from "~/schemas/fields.server";
import { CloseActionInput, Grade, MAX_ACTION_SLOTS, VISIT_AREAS, VISIT_MESSAGES, VisitActionInput, VisitFormOptions, VisitInput, actionSlotsIn, gradeMissingMessage, gradeScaleMessage, multiline, text, visitBeforeStartMessage } from "./visits";

const dateSchema = (missing: string, format: string) => z.string().trim().min(1, missing).refine(isSensibleIsoDate, format);

const areasSeenSchema = z.string().transform(multiline).pipe(z.string().min(1, VISIT_MESSAGES.areasSeen).max(5000, VISIT_MESSAGES.areasSeenLength));

const findingsSchema = z.string().transform(multiline).pipe(z.string().min(1, VISIT_MESSAGES.findings).max(20_000, VISIT_MESSAGES.findingsLength));

const actionSchema = z.string().transform(multiline).pipe(z.string().min(1, VISIT_MESSAGES.action).max(2000, VISIT_MESSAGES.actionLength));

const ownerSchema = z.string().trim().min(1, VISIT_MESSAGES.owner).max(200, VISIT_MESSAGES.ownerLength);

const gradeSchema = (missing: string, scale: string) =>
  z
    .string()
    .trim()
    .min(1, missing)
    .regex(/^[1-4]$/, scale)
    .transform((v) => Number(v) as Grade);

/**
 * The record-a-visit form. One transform, so the checks across fields (due dates after the
 * visit) see converted values and every message is keyed by its field.
 */
export function visitFormSchema(options: VisitFormOptions): z.ZodType<VisitInput, FormValues> {
  return z.looseObject({}).transform((raw, ctx) => {
    const values = raw as FormValues;
    const { issue, check, failed } = formIssues(ctx);

    let visitDate = check(dateSchema(VISIT_MESSAGES.visitDate, VISIT_MESSAGES.visitDateFormat), "visit_date", text(values.visit_date));
    if (visitDate !== undefined && visitDate > options.today) {
      issue("visit_date", VISIT_MESSAGES.visitDateFuture);
      visitDate = undefined;
    } else if (visitDate !== undefined && options.projectStart && visitDate < options.projectStart) {
      issue("visit_date", visitBeforeStartMessage(options.projectStartText ?? options.projectStart));
      visitDate = undefined;
    }

    const officerId = text(values.officer_id).trim();
    if (!officerId) issue("officer_id", VISIT_MESSAGES.officer);
    else if (!options.officerIds.includes(officerId)) issue("officer_id", VISIT_MESSAGES.officerUnknown);

    const areasSeen = check(areasSeenSchema, "areas_seen", text(values.areas_seen));
    const findings = check(findingsSchema, "findings", text(values.findings));

    const grades: VisitInput["grades"] = [];
    for (const area of VISIT_AREAS) {
      const grade = check(gradeSchema(gradeMissingMessage(area.label), gradeScaleMessage(area.label)), `grades.${area.key}`, text(values[`grades.${area.key}`]));
      if (grade !== undefined) grades.push({ area: area.key, grade });
    }
    const overallGrade = check(gradeSchema(VISIT_MESSAGES.overallGrade, VISIT_MESSAGES.overallGradeScale), "overall_grade", text(values.overall_grade));

    // Actions: blank rows (no action, owner or due date) are left out.
    const actions: VisitActionInput[] = [];
    for (let slot = 0; slot < Math.min(actionSlotsIn(values), MAX_ACTION_SLOTS); slot += 1) {
      const at = (field: string) => text(values[`actions.${slot}.${field}`]);
      if (!at("action").trim() && !at("owner").trim() && !at("due_date").trim()) continue;
      const action = check(actionSchema, `actions.${slot}.action`, at("action"));
      const owner = check(ownerSchema, `actions.${slot}.owner`, at("owner"));
      let dueDate = check(dateSchema(VISIT_MESSAGES.dueDate, VISIT_MESSAGES.dueDateFormat), `actions.${slot}.due_date`, at("due_date"));
      if (dueDate !== undefined && visitDate !== undefined && dueDate < visitDate) {
        issue(`actions.${slot}.due_date`, VISIT_MESSAGES.dueBeforeVisit);
        dueDate = undefined;
      }
      if (action !== undefined && owner !== undefined && dueDate !== undefined) actions.push({ slot, action, owner, dueDate });
    }

    if (failed()) return z.NEVER;
    return {
      visitDate: visitDate!,
      officerId,
      areasSeen: areasSeen!,
      findings: findings!,
      grades,
      overallGrade: overallGrade!,
      actions,
    } satisfies VisitInput;
  }) as unknown as z.ZodType<VisitInput, FormValues>;
}

/** Closing an action: which one, the version the officer saw, and an optional note. */
export function closeActionSchema(): z.ZodType<CloseActionInput, FormValues> {
  return z.looseObject({}).transform((raw, ctx) => {
    const values = raw as FormValues;
    const actionId = text(values.action_id).trim();
    // One reading of a version everywhere: a whole number in the stored range (1e27 is not).
    const version = readVersion(text(values.version));
    if (!actionId || version === null) {
      ctx.addIssue({ code: "custom", path: ["form"], message: VISIT_MESSAGES.version });
      return z.NEVER;
    }
    const field = `closing_note.${actionId}`;
    const note = multiline(text(values[field]));
    if (note.length > 2000) {
      ctx.addIssue({ code: "custom", path: [field], message: VISIT_MESSAGES.closingNoteLength });
      return z.NEVER;
    }
    return { actionId, version, closingNote: note || null };
  }) as unknown as z.ZodType<CloseActionInput, FormValues>;
}
