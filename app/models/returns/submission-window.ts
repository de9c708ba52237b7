// When a return may be submitted. Its figures are for the whole quarter, so it is submitted
// once the quarter has ended; a council that wants returns in sooner (before a Christmas
// closure, say) opens submission for the quarter's last days with the "early submission"
// setting. The one home of the rule: the check page, the task list and submitReturn ask here.
import { addDays, formatDate } from "~/lib/dates";

/** The first UK day on which a return for the quarter ending `periodEnd` may be submitted. */
export function submissionOpensOn(periodEnd: string, earlyDays: number): string {
  return addDays(periodEnd, 1 - earlyDays);
}

/** Null when the return may be submitted `today` (UK date); else why not yet, in words. */
export function notYetSubmittable(periodEnd: string, earlyDays: number, today: string): string | null {
  const opens = submissionOpensOn(periodEnd, earlyDays);
  if (today >= opens) return null;
  const when = earlyDays > 0
    ? `from ${formatDate(opens)}, ${earlyDays === 1 ? "the last day" : `in the last ${earlyDays} days`} of the quarter`
    : `from ${formatDate(opens)}, once the quarter has ended on ${formatDate(periodEnd)}`;
  return `You can submit this return ${when}. You can fill it in and save it before then.`;
}
