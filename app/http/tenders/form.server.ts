// The tender form's server side, shared by creating a tender and editing one: its starting
// values, the choices an officer is offered and the checks on what they chose, and the form
// coming back with one more row or with the problems.
import { json } from "@remix-run/node";
import type { Executor } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { DEFAULT_CRITERIA, districtScopeError, tenderFormChoices, type TenderFormChoices } from "~/models/tenders/choices.server";
import type { TenderDetail } from "~/models/tenders/read.server";
import { utcIsoToUkLocal } from "~/lib/dates";
import { failure, formValues, type FieldErrors, type FormValues } from "~/lib/forms";
import { penceToInput } from "~/lib/money";
import { choiceErrors, MAX_CRITERIA_SLOTS, MAX_QUESTION_SLOTS, slotsIn, type TenderInput } from "~/schemas/tenders";
import type { ParsedUpload } from "../uploads.server";

/** What a tender form's action sends back: what was typed, the problems, and how many rows to show. */
export interface TenderFormData {
  ok: false;
  errors: FieldErrors;
  values: FormValues;
  submissionId: string;
  formError?: string;
  criteriaSlots?: number;
  questionSlots?: number;
  notice?: string;
}

/** A browser cannot be given a file back: the form says so when it comes back after one was chosen. */
export const FILE_NOTICE = "Files are not kept when the page comes back: if you chose a document, choose it again.";

const hadFile = (upload: ParsedUpload) => upload.files.length > 0 || upload.oversize.length > 0;

/** "Add another row": the form comes back with what was typed and one more slot. */
export function addRowResponse(upload: ParsedUpload, intent: "add-criterion" | "add-question") {
  const values = formValues(upload.form);
  const criteria = slotsIn(values, "criteria");
  const questions = slotsIn(values, "questions");
  return json<TenderFormData>({
    ...failure(values, {}),
    criteriaSlots: intent === "add-criterion" ? Math.min(criteria + 1, MAX_CRITERIA_SLOTS) : criteria,
    questionSlots: intent === "add-question" ? Math.min(questions + 1, MAX_QUESTION_SLOTS) : questions,
    notice: hadFile(upload) ? FILE_NOTICE : undefined,
  });
}

/** The form again with its problems; a good file chosen with them has to be chosen again. */
export function tenderFormProblems(upload: ParsedUpload, errors: FieldErrors) {
  return json<TenderFormData>(
    { ...failure(formValues(upload.form), errors), notice: hadFile(upload) && !errors.attachments ? FILE_NOTICE : undefined },
    { status: 400 },
  );
}

/** The blank form: Lancashire's four criteria filled in, the rest of the slots empty. */
export function newTenderValues(): FormValues {
  const defaults: FormValues = {};
  DEFAULT_CRITERIA.forEach((c, i) => {
    defaults[`criteria.${i}.name`] = c.name;
    defaults[`criteria.${i}.weight`] = String(c.weight_percent);
    defaults[`criteria.${i}.guidance`] = c.guidance;
    defaults[`criteria.${i}.max_score`] = String(c.max_score);
  });
  return defaults;
}

/** A stored tender as the form's fields: money as pounds, times in UK time, rows in slots. */
export function tenderFormValues(d: TenderDetail): FormValues {
  const values: FormValues = {
    title: d.title,
    specification: d.specification,
    districts: d.districts.map((x) => x.id),
    funding_stream_id: d.fundingStream.id,
    themes: d.themes.map((x) => x.id),
    max_budget: penceToInput(d.maxBudgetPence),
    procedure: d.procedure,
    contract_start: d.contractStart,
    contract_end: d.contractEnd,
    opens_at: utcIsoToUkLocal(d.opensAt),
    closes_at: utcIsoToUkLocal(d.closesAt),
    clarifications_close_at: utcIsoToUkLocal(d.clarificationsCloseAt),
  };
  const slotOf = new Map(d.criteria.map((c, i) => [c.id, i]));
  d.criteria.forEach((c, i) => {
    values[`criteria.${i}.id`] = c.id;
    values[`criteria.${i}.name`] = c.name;
    values[`criteria.${i}.weight`] = String(c.weightPercent);
    values[`criteria.${i}.guidance`] = c.guidance;
    values[`criteria.${i}.max_score`] = String(c.maxScore);
  });
  d.questions.forEach((q, i) => {
    values[`questions.${i}.id`] = q.id;
    values[`questions.${i}.text`] = q.text;
    values[`questions.${i}.word_limit`] = String(q.wordLimit);
    values[`questions.${i}.criterion`] = q.criterionId && slotOf.has(q.criterionId) ? String(slotOf.get(q.criterionId)) : "";
  });
  return values;
}

/** What the form offers this officer: for an existing tender, whatever it already has too. */
export function choicesFor(db: Executor, user: SignedInUser, current: TenderDetail | null): Promise<TenderFormChoices> {
  return tenderFormChoices(db, user, current
    ? { districtIds: current.districts.map((d) => d.id), themeIds: current.themes.map((t) => t.id), fundingStreamId: current.fundingStream.id }
    : undefined);
}

/** Choices the form did not offer, and districts the officer may not add or take away, by field. */
export async function choiceProblems(db: Executor, user: SignedInUser, input: TenderInput, current: TenderDetail | null): Promise<FieldErrors> {
  const choices = await choicesFor(db, user, current);
  const scope = districtScopeError(user, input.districtIds, current?.districts ?? []);
  return {
    ...choiceErrors(input, {
      districtIds: choices.districts.map((d) => d.id),
      themeIds: choices.themes.map((t) => t.id),
      fundingStreamIds: choices.fundingStreams.map((s) => s.id),
    }),
    ...(scope ? { districts: scope } : {}),
  };
}
