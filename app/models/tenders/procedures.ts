// How a tender is run under the Procurement Act 2023 (in force 24 February 2025), and which of
// the Act's steps follow from that. Early help is a "light touch" service (Schedule 1): a
// contract worth at least the light-touch threshold is a covered procurement, run as a
// competitive flexible procedure with light-touch rules, with a conflicts assessment (s83),
// an 8-working-day standstill (s51, which light-touch contracts may waive) and notices. Below
// it, a local authority must publish a below-threshold tender notice from the notifiable
// threshold (s86–88). A grant competition is not a procurement at all: the Act's steps do not
// apply, though the council may still follow them. Thresholds are VAT-inclusive and dated.
import type { TenderProcedure } from "../../../db/schema";
import { formatPence } from "~/lib/money";

export type { TenderProcedure };
export const TENDER_PROCEDURES: readonly TenderProcedure[] = ["light_touch", "below_threshold", "grant_competition"];

export const PROCEDURE_LABELS: Record<TenderProcedure, string> = {
  light_touch: "Competitive light-touch procedure (Procurement Act 2023)",
  below_threshold: "Below-threshold open procedure (Procurement Act 2023)",
  grant_competition: "Grant competition (not a procurement under the Act)",
};

/** How an award was made: one of the procedures, or a direct grant with no competition. */
export type AwardProcedure = TenderProcedure | "direct";

export const AWARD_PROCEDURE_LABELS: Record<AwardProcedure, string> = {
  ...PROCEDURE_LABELS,
  direct: "Direct grant (no competition)",
};

export interface Thresholds {
  /** The first day these apply. */
  from: string;
  /** Light-touch contracts (Schedule 1), VAT included. */
  lightTouchPence: number;
  /** A local authority's below-threshold notices (s86), VAT included. */
  notifiablePence: number;
  /** Above this a contract's details notice must set out at least three KPIs (s52). */
  kpiPence: number;
}

/** The thresholds by the day they took effect, oldest first. */
export const THRESHOLDS: readonly Thresholds[] = [
  { from: "2025-02-24", lightTouchPence: 66_354_000, notifiablePence: 3_000_000, kpiPence: 500_000_000 },
];

export function thresholdsOn(dateIso: string): Thresholds {
  const applying = THRESHOLDS.filter((t) => t.from <= dateIso.slice(0, 10));
  return applying[applying.length - 1] ?? THRESHOLDS[0];
}

/** Key performance indicators a contract details notice must name for a contract of this value. */
export const MIN_KPIS = 3;
export function kpisRequired(valuePence: number, onDate: string): number {
  return valuePence > thresholdsOn(onDate).kpiPence ? MIN_KPIS : 0;
}

/** The steps a procedure takes, for the officer's checklist and the tender's public page. */
export interface ProcedureSteps {
  conflictsAssessment: boolean;
  /** A contract award notice (s50) between the decisions and the contract. */
  awardNotice: boolean;
  standstill: boolean;
  /** A light-touch standstill may be waived, with the reason recorded. */
  standstillWaivable: boolean;
  tenderNotice: boolean;
  contractDetailsNotice: boolean;
}

export function procedureSteps(procedure: TenderProcedure): ProcedureSteps {
  switch (procedure) {
    case "light_touch":
      return { conflictsAssessment: true, awardNotice: true, standstill: true, standstillWaivable: true, tenderNotice: true, contractDetailsNotice: true };
    case "below_threshold":
      return { conflictsAssessment: false, awardNotice: false, standstill: false, standstillWaivable: false, tenderNotice: true, contractDetailsNotice: true };
    case "grant_competition":
      return { conflictsAssessment: false, awardNotice: false, standstill: false, standstillWaivable: false, tenderNotice: false, contractDetailsNotice: false };
  }
}

/** What a tender page says of its procedure, in a sentence a bidder can act on. */
export function procedureSummary(procedure: TenderProcedure): string {
  switch (procedure) {
    case "light_touch":
      return "The council records a conflicts assessment, tells every bidder its decision with an assessment summary, and waits 8 working days (the standstill) before entering the contract.";
    case "below_threshold":
      return "The council publishes the opportunity and the contract it awards, as the Act requires of a local authority below the threshold.";
    case "grant_competition":
      return "This is a grant, not a contract for services, so the Act's procurement steps do not apply. Bids are still scored openly against the published criteria.";
  }
}

/**
 * Why a procedure does not fit the tender's value on the day it is published, or null. A
 * grant competition fits any value; a procurement must be the one its value calls for.
 */
export function procedureProblem(procedure: TenderProcedure, valuePence: number, onDate: string): string | null {
  const t = thresholdsOn(onDate);
  if (procedure === "light_touch" && valuePence < t.lightTouchPence) {
    return `A light-touch procedure is for contracts worth ${formatPence(t.lightTouchPence)} or more (VAT included). Choose the below-threshold procedure or a grant competition`;
  }
  if (procedure === "below_threshold" && valuePence >= t.lightTouchPence) {
    return `A contract worth ${formatPence(t.lightTouchPence)} or more (VAT included) must use the competitive light-touch procedure`;
  }
  return null;
}

/** What the tender form says of each choice, with the thresholds in force on the day. */
export function procedureHints(onDate: string): Record<TenderProcedure, string> {
  const lightTouch = formatPence(thresholdsOn(onDate).lightTouchPence);
  return {
    light_touch: `A contract for services worth ${lightTouch} or more, VAT included: conflicts assessment, standstill and notices`,
    below_threshold: `A contract for services worth less than ${lightTouch}: the opportunity and the award are published`,
    grant_competition: "Funding given as a grant: open and scored, but not a procurement under the Act",
  };
}
