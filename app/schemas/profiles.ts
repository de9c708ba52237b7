// The words and limits of what an officer types on a district's profile. No zod here, so the
// profile's pages may use them in the browser; the schemas are in profiles.server.ts.

/** What the officer may recommend to the board about a project. */
export const PROJECT_RECOMMENDATIONS = ["continue", "continue_with_conditions", "review", "decommission"] as const;

export const PROJECT_RECOMMENDATION_LABELS: Record<(typeof PROJECT_RECOMMENDATIONS)[number], string> = {
  continue: "Continue",
  continue_with_conditions: "Continue with conditions",
  review: "Review",
  decommission: "Decommission",
};

/**
 * How many case studies a profile tells in a quarter. Here, not in the curation model, because
 * the page's legend says it: a page may not read a value from a .server module (it would be
 * undefined in the browser, and React would throw the server's HTML away).
 */
export const MAX_CASE_STUDIES = 2;
