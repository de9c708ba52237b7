// The answer to a background save (app/lib/autosave.ts): the new version and when, in UK time.
import { json } from "@remix-run/node";
import { formatClock } from "~/lib/dates";
import type { AutosaveDone, AutosaveFailed } from "~/lib/autosave";
import { DomainError } from "~/models/errors";

export function autosaved(version: number, now: Date) {
  return json<AutosaveDone>({ autosaved: { version, savedAt: formatClock(now.toISOString()) } });
}

/**
 * A background save that failed for a reason that is not a refusal (the database busy, say):
 * answered, not thrown, so the page the person is typing in is never replaced by the error
 * page. Logged without what was typed. Null for a refusal, which answers as the form would.
 */
export function autosaveFailure(error: unknown) {
  if (error instanceof DomainError) return null;
  console.error(`A background save failed: ${error instanceof Error ? error.message : String(error)}`);
  return json<AutosaveFailed>({ autosaveFailed: "Your latest changes could not be saved just now. They will be saved again as you type." }, { status: 503 });
}
