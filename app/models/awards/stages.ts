// Where a tender's award has got to, step by step, in the order the Procurement Act 2023 takes
// them: the decisions (the intention to award), the assessment summaries sent to every bidder,
// the contract award notice and its standstill (light touch only), then the contract entered
// and the projects live. The procedure decides which steps apply. One reading of it for the
// officer's page, the bidder's outcome page and the public tender page; no server code, so
// pages may import it.
import { addDays, formatDate, formatDateTime } from "~/lib/dates";
import { procedureSteps, type TenderProcedure } from "~/models/tenders/procedures";

export interface AwardRecord {
  procedure: TenderProcedure;
  award_intended_at: string | null;
  summaries_sent_at: string | null;
  award_notice_at: string | null;
  /** ISO date: the standstill's last working day. */
  standstill_last_day: string | null;
  standstill_waived_reason: string | null;
  /** The contract entered. */
  awarded_at: string | null;
}

export type AwardStepKey = "decisions" | "summaries" | "notice" | "standstill" | "contract";

export interface AwardStep {
  key: AwardStepKey;
  label: string;
  /** When it was done (an ISO date-time, or a date for the standstill's end), or null. */
  doneAt: string | null;
  /** Said beside it: the standstill's end, or why it was waived. */
  note: string | null;
}

/** The steps that apply to this tender's procedure, each with when it was done. */
export function awardSteps(t: AwardRecord): AwardStep[] {
  const steps = procedureSteps(t.procedure);
  // Awarded in one go, before the portal recorded the steps apart.
  const legacy = t.awarded_at !== null && t.award_intended_at === null;
  const notRecorded = legacy ? "Not recorded: awarded in one step before the portal kept the steps apart" : null;
  const out: AwardStep[] = [
    { key: "decisions", label: "Decisions recorded (intention to award)", doneAt: t.award_intended_at ?? t.awarded_at, note: null },
    { key: "summaries", label: "Assessment summaries sent to every bidder", doneAt: t.summaries_sent_at ?? t.awarded_at, note: null },
  ];
  if (steps.awardNotice) out.push({ key: "notice", label: "Contract award notice published", doneAt: t.award_notice_at, note: notRecorded });
  if (steps.standstill) {
    out.push({
      key: "standstill",
      label: "Standstill of 8 working days",
      doneAt: t.standstill_waived_reason ? t.award_notice_at : t.standstill_last_day,
      note: t.standstill_waived_reason
        ? `Waived: ${t.standstill_waived_reason}`
        : t.standstill_last_day ? `Ends at the end of ${t.standstill_last_day}` : notRecorded,
    });
  }
  out.push({ key: "contract", label: t.procedure === "grant_competition" ? "Grant agreement entered, projects live" : "Contract entered, projects live", doneAt: t.awarded_at, note: null });
  return out;
}

export type AwardStage =
  | { next: "decide" }
  | { next: "send-summaries" }
  | { next: "publish-notice" }
  | { next: "standstill"; lastDay: string; contractFrom: string }
  | { next: "enter-contract" }
  | { next: "done" };

/**
 * What comes next. `today` is the UK date: the standstill runs to the end of its last day, so
 * the contract may be entered from the day after.
 */
export function awardStage(t: AwardRecord, today: string): AwardStage {
  if (t.awarded_at) return { next: "done" };
  if (!t.award_intended_at) return { next: "decide" };
  if (!t.summaries_sent_at) return { next: "send-summaries" };
  const steps = procedureSteps(t.procedure);
  if (steps.awardNotice && !t.award_notice_at) return { next: "publish-notice" };
  if (steps.standstill && !t.standstill_waived_reason && t.standstill_last_day && today <= t.standstill_last_day) {
    return { next: "standstill", lastDay: t.standstill_last_day, contractFrom: addDays(t.standstill_last_day, 1) };
  }
  return { next: "enter-contract" };
}

/** The steps as a page shows them: dates in words, the standstill by its last day. */
export interface AwardStepView {
  key: AwardStepKey;
  label: string;
  /** "12 March 2027 at 10:00am", or null while it is still to come. */
  done: string | null;
  note: string | null;
}

export function awardStepViews(t: AwardRecord): AwardStepView[] {
  return awardSteps(t).map((s) => ({
    key: s.key,
    label: s.label,
    done: s.doneAt ? (s.key === "standstill" && !t.standstill_waived_reason ? `Ends at the end of ${formatDate(s.doneAt)}` : formatDateTime(s.doneAt)) : null,
    note: s.key === "standstill" && !t.standstill_waived_reason && s.doneAt ? null : s.note,
  }));
}
