// The filters of a quarter's returns export (app/routes/reviews.figures.tsx): which quarter,
// and optionally one district and one status; and the file wanted.

export const FIGURES_FORMATS = ["csv", "xlsx"] as const;
