// One action, several buttons: each form names what it wants done in its `intent` field.
// `dispatchIntent` runs the handler for that intent and answers 400 to any other, so an
// unknown or missing intent never falls through to a default action. The handler table's
// type makes the dispatch exhaustive: every intent the page sends has a handler.
import { json } from "@remix-run/node";
import { failure, formValues, type FormFailure } from "~/lib/forms";

export type IntentHandlers<I extends string, R> = { [K in I]: () => R | Promise<R> };

/** The intent a form sent, or null when it sent none or several. */
export function intentOf(form: FormData): string | null {
  const all = form.getAll("intent");
  return all.length === 1 && typeof all[0] === "string" ? all[0] : null;
}

/**
 * Runs `handlers[intent]`; with `fallback`, a form that sent no intent at all (an old page,
 * or a form with one button) runs that handler. Anything else is refused with a 400 that
 * keeps what was typed.
 */
export async function dispatchIntent<I extends string, R>(
  form: FormData,
  handlers: IntentHandlers<I, R>,
  options: { fallback?: NoInfer<I> } = {},
): Promise<R | ReturnType<typeof unknownIntent>> {
  const sent = intentOf(form) ?? (form.has("intent") ? null : options.fallback ?? null);
  if (sent !== null && Object.prototype.hasOwnProperty.call(handlers, sent)) return handlers[sent as I]();
  return unknownIntent(form);
}

export function unknownIntent(form: FormData) {
  return json<FormFailure>(failure(formValues(form), {}, "This form could not be sent as it was. Reload the page and try again."), { status: 400 });
}
