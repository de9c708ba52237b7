// The filters of a quarter's returns export (app/routes/reviews.figures.tsx): which quarter,
// and optionally one district and one status; and the file wanted.
// The schemas are in return-figures.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).

export const FIGURES_FORMATS = ["csv", "xlsx"] as const;
