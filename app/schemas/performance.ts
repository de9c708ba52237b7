// The annual performance assessment's form, one per financial year on the page (so its
// fields carry the year: `rating.2026`). A rating other than the proposed one needs a reason.
// The schemas are in performance.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).

export const MAX_PERFORMANCE_REASON = 2000;

export const ratingField = (year: number) => `rating.${year}`;

export const reasonField = (year: number) => `reason.${year}`;
