// The answer to a background save (app/lib/autosave.ts): the new version and when, in UK time.
import { json } from "@remix-run/node";
import { formatClock } from "~/lib/dates";
import type { AutosaveDone } from "~/lib/autosave";

export function autosaved(version: number, now: Date) {
  return json<AutosaveDone>({ autosaved: { version, savedAt: formatClock(now.toISOString()) } });
}
