// Form handling shared by every action: zod decides, the page shows each message beside
// its field and in the summary, and what was typed goes back into the form.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Browsers send textarea line breaks as CRLF; text is stored with plain LF everywhere. */
export const normaliseNewlines = (value: string): string => value.replace(/\r\n?/g, "\n");
/** What was typed, as the form sent it: one string, or several for checkboxes. */
export type FormValues = Record<string, string | string[]>;

export interface FormFailure {
  ok: false;
  errors: FieldErrors;
  values: FormValues;
  /** Changes per submission so the error summary takes focus again. */
  submissionId: string;
  /** A message about the whole form, e.g. a stale edit. */
  formError?: string;
}

export type FormResult<T> = { ok: true; data: T; values: FormValues } | FormFailure;

/**
 * The largest whole number the portal stores: PostgreSQL's `integer` (SQLite's is larger).
 * Versions, counts and pence above it are refused at the form, the same on both engines,
 * rather than failing in the database.
 */
export const MAX_STORED_INTEGER = 2_147_483_647;

/** A record's version as a form sent it back: a whole number from 1, or null. */
export function readVersion(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n >= 1 && n <= MAX_STORED_INTEGER ? n : null;
}

/** The hidden field every form carries against forgery (app/http/forgery.server.ts). */
export const FORM_TOKEN_FIELD = "_csrf";

/** Names that end in [] (checkboxes, multi-selects) are kept as arrays. The forgery token is not a value. */
export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key === FORM_TOKEN_FIELD) continue;
    if (key.endsWith("[]")) {
      const name = key.slice(0, -2);
      values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    } else {
      values[key] = value;
    }
  }
  return values;
}

export function parseForm<S extends z.ZodType>(schema: S, form: FormData | FormValues): FormResult<z.infer<S>> {
  const values = form instanceof FormData ? formValues(form) : form;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return failure(values, fieldErrorsOf(parsed.error.issues));
}

/** zod's issues as messages by field ("indicators.0.name"); "form" for the whole form. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  // The first message per field is the one to fix first.
  for (const issue of issues) errors[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return errors;
}

/** Runs one field's schema; its first message goes under the field's name. */
export function checkField<T>(schema: z.ZodType<T>, field: string, value: unknown, errors: FieldErrors): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors[field] ??= result.error.issues[0]?.message ?? "Check this answer";
  return undefined;
}

export function failure(values: FormValues, errors: FieldErrors, formError?: string): FormFailure {
  // Passwords never travel back to the browser.
  const safe = Object.fromEntries(Object.entries(values).filter(([key]) => !/password/i.test(key)));
  return { ok: false, errors, values: safe, submissionId: `${Date.now()}-${Math.random()}`, formError };
}

/** The value to show in a field: what was typed if the form came back, else the record's. */
export function fieldValue(values: FormValues | undefined, name: string, fallback: string | number | null | undefined = ""): string {
  const typed = values?.[name];
  if (typeof typed === "string") return typed;
  return fallback === null || fallback === undefined ? "" : String(fallback);
}

export function fieldValues(values: FormValues | undefined, name: string, fallback: readonly string[] = []): string[] {
  const typed = values?.[name];
  if (Array.isArray(typed)) return typed;
  if (values && Object.keys(values).length > 0) return []; // the form came back with none ticked
  return [...fallback];
}
