// Awarded contracts and grants, as the council publishes them: every project is an award of
// public money, and the Local Government Transparency Code 2015 publishes each one (who, how
// much, where, when, and how it was chosen). What is public of a project is exactly what this
// file reads: never its returns, its bid, its people or its plan.
import type { Executor } from "../../../db/client";
import { ukToday } from "~/lib/dates";
import { parseQuarterLabel, quarterDates, quarterLabel, quarterOf } from "~/lib/financial-year";
import { AWARD_PROCEDURE_LABELS, type AwardProcedure } from "~/models/tenders/procedures";

export interface PublicAward {
  reference: string;
  title: string;
  supplier: { organisationId: string; name: string; charityNumber: string | null; companyNumber: string | null; orgIdentifier: string | null };
  district: { name: string; onsCode: string };
  fundingStream: string;
  amountPence: number;
  /** The day the award was made: the tender's award, or the direct grant's creation. */
  awardedOn: string;
  startDate: string;
  endDate: string;
  procedure: AwardProcedure;
  tenderReference: string | null;
  /** How much of it has been paid out: approved spend in the ledger. */
  disbursedPence: number;
}

/** Every award, newest first, in a fixed number of queries. */
export async function listPublicAwards(db: Executor): Promise<PublicAward[]> {
  const rows = await db
    .selectFrom("projects")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .innerJoin("funding_streams", "funding_streams.id", "projects.funding_stream_id")
    .leftJoin("tenders", "tenders.id", "projects.tender_id")
    .select([
      "projects.id", "projects.reference", "projects.title", "projects.amount_pence", "projects.start_date", "projects.end_date",
      "projects.created_at", "projects.tender_id", "organisations.id as organisation_id", "organisations.name as supplier", "organisations.charity_number",
      "organisations.company_number", "organisations.org_identifier", "districts.name as district", "districts.ons_code",
      "funding_streams.name as stream", "tenders.reference as tender_reference", "tenders.awarded_at", "tenders.procedure",
    ])
    .orderBy("projects.start_date", "desc")
    .orderBy("projects.reference")
    .execute();
  const spent = await db
    .selectFrom("ledger_entries")
    .select(["project_id", (eb) => eb.fn.sum<number>("amount_pence").as("total")])
    .where("kind", "=", "spend")
    .where("project_id", "is not", null)
    .groupBy("project_id")
    .execute();
  const spentBy = new Map(spent.map((s) => [s.project_id, Number(s.total)]));
  return rows.map((r) => ({
    reference: r.reference,
    title: r.title,
    supplier: { organisationId: r.organisation_id, name: r.supplier, charityNumber: r.charity_number, companyNumber: r.company_number, orgIdentifier: r.org_identifier },
    district: { name: r.district, onsCode: r.ons_code },
    fundingStream: r.stream,
    amountPence: Number(r.amount_pence),
    awardedOn: ukToday(new Date(r.awarded_at ?? r.created_at)),
    startDate: r.start_date,
    endDate: r.end_date,
    procedure: r.procedure ?? "direct",
    tenderReference: r.tender_reference,
    disbursedPence: spentBy.get(r.id) ?? 0,
  }));
}

// The Code asks for these lists quarterly: a quarter's file holds the awards made in it.

/** The quarters awards were made in, newest first ("2026-27 Q1"). */
export function awardQuarters(awards: readonly PublicAward[]): string[] {
  return [...new Set(awards.map((a) => quarterLabel(quarterOf(a.awardedOn))))].sort().reverse();
}

/**
 * The awards made in a quarter ("2026-27 Q1"), or every award for no quarter. A label that
 * is not a quarter is refused (a RangeError), never read as "everything".
 */
export function awardsInQuarter(awards: readonly PublicAward[], quarter: string | null): PublicAward[] {
  if (quarter === null) return [...awards];
  const q = parseQuarterLabel(quarter);
  if (!q) throw new RangeError(`Not a quarter: ${quarter}`);
  const { start, end } = quarterDates(q);
  return awards.filter((a) => a.awardedOn >= start && a.awardedOn <= end);
}

/** The Transparency Code's list of contracts over £5,000 (paragraph 35), as CSV columns. */
export const CONTRACTS_HEADER = [
  "Reference number", "Title of agreement", "Department responsible", "Description of the goods and/or services",
  "Supplier name", "Supplier registered company number", "Supplier charity number", "Sum to be paid over the length of the contract (£)",
  "VAT that cannot be recovered (£)", "Start date", "End date", "Review date", "Procurement procedure", "Supplier is an SME",
  "Supplier is a voluntary or community sector organisation",
];

/** Contracts over £5,000: the Code's threshold, in pence. */
export const CONTRACT_THRESHOLD_PENCE = 500_000;

export function contractRows(awards: readonly PublicAward[], department: string) {
  return awards.filter((a) => a.amountPence > CONTRACT_THRESHOLD_PENCE).map((a) => [
    a.reference, a.title, department, `${a.fundingStream}: ${a.title} in ${a.district.name}`,
    a.supplier.name, a.supplier.companyNumber, a.supplier.charityNumber, pounds(a.amountPence),
    // Grants carry no VAT the council cannot recover; whether a supplier is an SME is not recorded.
    "0.00", a.startDate, a.endDate, "", AWARD_PROCEDURE_LABELS[a.procedure], "", a.supplier.charityNumber ? "Yes" : "",
  ]);
}

/** The Code's list of grants to voluntary, community and social enterprise organisations. */
export const GRANTS_HEADER = [
  "Date the grant was awarded", "Time period for which the grant has been given", "Local authority department which awarded the grant",
  "Beneficiary", "Beneficiary's registration number", "Summary of the purpose of the grant", "Amount (£)",
];

export function grantRows(awards: readonly PublicAward[], department: string) {
  return awards.map((a) => [
    a.awardedOn, `${a.startDate} to ${a.endDate}`, department, a.supplier.name,
    a.supplier.charityNumber ?? a.supplier.companyNumber ?? "", `${a.title}: ${a.fundingStream} in ${a.district.name}`, pounds(a.amountPence),
  ]);
}

const pounds = (pence: number) => (pence / 100).toFixed(2);
