// A project's overall rating in the profile, for the board deciding whether to keep funding
// it: the rating its figures and visit suggest (the same rule as the annual assessment's
// proposal, app/models/projects/performance.ts), or the confirmed annual assessment if that is
// worse. Pure, so the profile, its renderings and the tests share it.
import { PERFORMANCE_RATINGS, proposeRating, type PerformanceRating } from "~/models/projects/performance";
import type { ProfileProject, Rag } from "~/profiles/types";

/** The worse of two ratings (the list runs from best to worst). */
function worse(a: PerformanceRating, b: PerformanceRating): PerformanceRating {
  return PERFORMANCE_RATINGS.indexOf(a) >= PERFORMANCE_RATINGS.indexOf(b) ? a : b;
}

/** Null with nothing to go on: no figure rated, no visit, no assessment. */
export function overallRating(p: Pick<ProfileProject, "indicators" | "spend" | "visitGrade" | "assessment">): PerformanceRating | null {
  const rags = [...p.indicators.map((i) => i.ytdRag), p.spend.rag].filter((r): r is Rag => r !== null);
  const proposed = proposeRating({ rags, visitGrades: p.visitGrade === null ? [] : [p.visitGrade] });
  const assessed = p.assessment?.rating ?? null;
  if (proposed === null || assessed === null) return proposed ?? assessed;
  return worse(proposed, assessed);
}
