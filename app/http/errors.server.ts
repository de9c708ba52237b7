// How the portal answers a model's refusal (app/models/errors.ts): the form comes back with
// what was typed and the reason, beside the field when there is one, with the status the
// error carries. Anything that is not a DomainError is a fault, and is thrown on.
import { json, type TypedResponse } from "@remix-run/node";
import { DomainError, FieldError } from "~/models/errors";
import { failure, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";

export function formFailureOf(error: DomainError, values: FormValues): FormFailure {
  if (error instanceof FieldError && error.field) return failure(values, { [error.field]: error.message });
  const fieldErrors: FieldErrors = "errors" in error && error.errors && typeof error.errors === "object" ? (error.errors as FieldErrors) : {};
  return failure(values, fieldErrors, error.message || undefined);
}

/** The form again with the refusal; rethrows anything that is not a DomainError. */
export function refusedForm<T extends object = Record<never, never>>(error: unknown, values: FormValues, extra?: T): TypedResponse<FormFailure & T> {
  if (!(error instanceof DomainError)) throw error;
  return json({ ...formFailureOf(error, values), ...(extra as T) }, { status: error.httpStatus });
}
