// The zod schemas of ~/schemas/conflicts: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in conflicts.ts, which pages may import.
import { z } from "zod";
import { normaliseNewlines } from "~/lib/forms";
import { CONFLICT_MESSAGES } from "./conflicts";

export const conflictEntrySchema = z.object({
  person_user_id: z.string({ error: CONFLICT_MESSAGES.person }).trim().min(1, CONFLICT_MESSAGES.person).max(100, CONFLICT_MESSAGES.person),
  role: z.enum(["officer", "panel", "adviser"], { error: CONFLICT_MESSAGES.role }),
  interest: z.string().optional().transform((v) => normaliseNewlines(v ?? "").trim()).pipe(z.string().max(2000, CONFLICT_MESSAGES.interest)),
  mitigation: z.string({ error: CONFLICT_MESSAGES.mitigation }).overwrite(normaliseNewlines).trim().min(1, CONFLICT_MESSAGES.mitigation).max(2000, CONFLICT_MESSAGES.mitigationLength),
  based_on_entries: z.coerce.number({ error: CONFLICT_MESSAGES.revision }).int(CONFLICT_MESSAGES.revision).min(0, CONFLICT_MESSAGES.revision).max(10_000, CONFLICT_MESSAGES.revision),
});
