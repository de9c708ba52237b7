// The conflicts assessment's form: one person's entry (their part, what they declared, how
// it is handled) and how many entries the page showed, so a colleague's entry in between is kept.
import { z } from "zod";
import type { ConflictRole } from "../../db/schema";
import { normaliseNewlines } from "~/lib/forms";

export const CONFLICT_ROLE_LABELS: Record<ConflictRole, string> = {
  officer: "Commissioning officer",
  panel: "Panel member",
  adviser: "Adviser",
};

export const CONFLICT_MESSAGES = {
  person: "Choose the person",
  role: "Choose their part in the decision",
  interest: "What they declared must be 2,000 characters or fewer",
  mitigation: "Say how the conflict is handled, or that nothing needs handling",
  mitigationLength: "How it is handled must be 2,000 characters or fewer",
  revision: "This form is out of date: reload the page and try again",
};

export const conflictEntrySchema = z.object({
  person_user_id: z.string({ error: CONFLICT_MESSAGES.person }).trim().min(1, CONFLICT_MESSAGES.person).max(100, CONFLICT_MESSAGES.person),
  role: z.enum(["officer", "panel", "adviser"], { error: CONFLICT_MESSAGES.role }),
  interest: z.string().optional().transform((v) => normaliseNewlines(v ?? "").trim()).pipe(z.string().max(2000, CONFLICT_MESSAGES.interest)),
  mitigation: z.string({ error: CONFLICT_MESSAGES.mitigation }).overwrite(normaliseNewlines).trim().min(1, CONFLICT_MESSAGES.mitigation).max(2000, CONFLICT_MESSAGES.mitigationLength),
  based_on_entries: z.coerce.number({ error: CONFLICT_MESSAGES.revision }).int(CONFLICT_MESSAGES.revision).min(0, CONFLICT_MESSAGES.revision).max(10_000, CONFLICT_MESSAGES.revision),
});
