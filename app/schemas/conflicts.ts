// The conflicts assessment's form: one person's entry (their part, what they declared, how
// it is handled) and how many entries the page showed, so a colleague's entry in between is kept.
// The schemas are in conflicts.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { ConflictRole } from "../../db/schema";

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
