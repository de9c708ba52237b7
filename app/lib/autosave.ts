// Saving a draft as it is typed. A form that autosaves (the bid, the long sections of a
// return) posts itself to its own action in the background with this intent, a few seconds
// after the last change; the action saves it exactly as its "save" button would, with the
// same version check, and answers with the new version instead of a redirect. Shared by the
// page (app/components/unsaved-changes.tsx) and the server (app/http/autosave.server.ts).

export const AUTOSAVE_INTENT = "autosave";

/** How long after the last keystroke the draft is saved. */
export const AUTOSAVE_DELAY_MS = 2000;

/** What a background save answers with when it has saved. */
export interface AutosaveDone {
  autosaved: { version: number; savedAt: string };
}

/** What it answers when the server could not save just now (not a refusal): the next change tries again. */
export interface AutosaveFailed {
  autosaveFailed: string;
}

export function isAutosave(form: FormData | null | undefined): boolean {
  return form?.get("intent") === AUTOSAVE_INTENT;
}

/**
 * A route's `shouldRevalidate` for a page that autosaves: a background save changes nothing
 * the page shows except the version, which the form keeps itself. Reloading the page's data
 * would put the saved text back into fields the person is still typing in.
 */
export function revalidateUnlessAutosave({ formData, defaultShouldRevalidate }: { formData?: FormData; defaultShouldRevalidate: boolean }): boolean {
  return isAutosave(formData) ? false : defaultShouldRevalidate;
}

/**
 * A page's action data from its own buttons. A background save answers its fetcher, never
 * the page, but the action's type says it might: this takes that answer out of the type.
 */
type BackgroundAnswer = { autosaved: unknown } | { autosaveFailed: unknown };

export function pageAnswer<T>(data: T): Exclude<T, BackgroundAnswer> | undefined {
  return data && typeof data === "object" && ("autosaved" in data || "autosaveFailed" in data) ? undefined : (data as Exclude<T, BackgroundAnswer>);
}
