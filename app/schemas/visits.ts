// What the monitoring-visit forms accept. A visit has a grade per area and an overall
// grade (1 Outstanding to 4 Inadequate), and rows of actions in fixed slots (the form works
// without JavaScript), arriving as flat fields like `actions.2.due_date`. Blank action rows
// are ignored; every message is keyed by the name of the field it belongs to, so the error
// summary links straight to it.
//
// Shared by the browser and the server.
// The schemas are in visits.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { FormValues } from "~/lib/forms";

/** The areas every visit grades, in the order the form asks. Stored by key. */
export const VISIT_AREAS = [
  { key: "leadership_management", label: "Leadership and management" },
  { key: "safeguarding", label: "Safeguarding" },
  { key: "quality_of_delivery", label: "Quality of delivery" },
  { key: "outcomes_impact", label: "Outcomes and impact" },
  { key: "financial_management", label: "Financial management" },
] as const;

export type VisitAreaKey = (typeof VISIT_AREAS)[number]["key"];

export const VISIT_AREA_LABELS: Record<string, string> = Object.fromEntries(VISIT_AREAS.map((a) => [a.key, a.label]));

export type Grade = 1 | 2 | 3 | 4;

export const GRADES: readonly Grade[] = [1, 2, 3, 4];

export const GRADE_LABELS: Record<Grade, string> = {
  1: "Outstanding",
  2: "Good",
  3: "Adequate",
  4: "Inadequate",
};

export const GRADE_TAG_CLASSES: Record<Grade, string> = {
  1: "govuk-tag govuk-tag--green",
  2: "govuk-tag govuk-tag--turquoise",
  3: "govuk-tag govuk-tag--yellow",
  4: "govuk-tag govuk-tag--red",
};

/** "2 Good"; anything off the scale is shown as it is. */
export function gradeText(grade: number): string {
  const label = GRADE_LABELS[grade as Grade];
  return label ? `${grade} ${label}` : String(grade);
}

/** Action rows a form starts with, and the most "Add another action" will give. */
export const ACTION_SLOTS = 3;

export const MAX_ACTION_SLOTS = 30;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export const VISIT_MESSAGES = {
  visitDate: "Enter the date of the visit",
  visitDateFormat: "The date of the visit must be a real date, like 2026-11-03",
  visitDateFuture: "The date of the visit must be today or in the past",
  officer: "Choose the officer who made the visit",
  officerUnknown: "Choose an officer from the list",
  areasSeen: "Enter the areas of the service seen on the visit",
  areasSeenLength: "The areas seen must be 5,000 characters or fewer",
  findings: "Enter the findings of the visit",
  findingsLength: "The findings must be 20,000 characters or fewer",
  overallGrade: "Choose an overall grade",
  overallGradeScale: "The overall grade must be 1 Outstanding, 2 Good, 3 Adequate or 4 Inadequate",
  action: "Enter the action",
  actionLength: "The action must be 2,000 characters or fewer",
  owner: "Enter who owns the action",
  ownerLength: "The owner must be 200 characters or fewer",
  dueDate: "Enter the date the action is due",
  dueDateFormat: "The due date must be a real date, like 2027-01-31",
  dueBeforeVisit: "The due date must be on or after the date of the visit",
  closingNoteLength: "The closing note must be 2,000 characters or fewer",
  version: "This form is out of date: reload the page and try again",
  actionUnknown: "That action is not part of this visit",
} as const;

/** "Choose a grade for safeguarding" */
export const gradeMissingMessage = (areaLabel: string) => `Choose a grade for ${lowerFirst(areaLabel)}`;

/** "The grade for safeguarding must be 1 Outstanding, 2 Good, 3 Adequate or 4 Inadequate" */
export const gradeScaleMessage = (areaLabel: string) =>
  `The grade for ${lowerFirst(areaLabel)} must be 1 Outstanding, 2 Good, 3 Adequate or 4 Inadequate`;

/** "The date of the visit must be on or after the project started on 1 April 2026" */
export const visitBeforeStartMessage = (startText: string) =>
  `The date of the visit must be on or after the project started on ${startText}`;

export interface VisitActionInput {
  slot: number;
  action: string;
  owner: string;
  dueDate: string;
}

export interface VisitInput {
  visitDate: string;
  officerId: string;
  areasSeen: string;
  findings: string;
  grades: { area: VisitAreaKey; grade: Grade }[];
  overallGrade: Grade;
  actions: VisitActionInput[];
}

export interface VisitFormOptions {
  /** Today in the UK, as an ISO date: the visit cannot be after it. */
  today: string;
  /** The project's start date: the visit cannot be before it. */
  projectStart?: string;
  /** Shown in the message when the visit is before the project start. */
  projectStartText?: string;
  /** The officers the form offered. */
  officerIds: readonly string[];
}

/** How many action slots the submitted values hold. */
export function actionSlotsIn(values: FormValues | undefined): number {
  if (!values) return 0;
  let max = -1;
  for (const key of Object.keys(values)) {
    const m = /^actions\.(\d+)\./.exec(key);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export const text = (value: unknown): string => (typeof value === "string" ? value : "");

export const multiline = (v: string) => v.replace(/\r\n?/g, "\n").trim();

export interface CloseActionInput {
  actionId: string;
  version: number;
  closingNote: string | null;
}
