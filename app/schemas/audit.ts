// What the audit log's filters say about dates that are not dates.
export const AUDIT_MESSAGES = {
  date: "Enter a date like 2026-04-01",
  toBeforeFrom: "The end date must be the same as or after the start date",
} as const;
