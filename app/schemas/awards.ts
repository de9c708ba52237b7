// What the award's later steps accept: the contract award notice, with the standstill waived
// only with a reason, and the contract's entry, with the override for going beyond the
// allocation when the decisions did not already give one.
// The schemas are in awards.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).

export const AWARD_MESSAGES = {
  waiverReason: "Enter why the standstill is waived",
} as const;
