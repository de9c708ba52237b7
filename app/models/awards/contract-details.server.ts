// The contract details notice's data (s53), once the contract is entered: per contract, the
// supplier, value, dates and district, and its key performance indicators (the project's
// indicators; a contract over the KPI threshold has at least three, contract.server.ts). What is
// here is public once the tender is awarded: no score, feedback or personal data.
import type { Executor } from "../../../db/client";
import { formatDate } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import { procedureSteps } from "~/models/tenders/procedures";

export interface ContractDetails {
  /** Whether the procedure publishes a contract details notice (a grant does not). */
  notice: boolean;
  contracts: {
    reference: string;
    title: string;
    supplier: string;
    district: string;
    value: string;
    period: string;
    entered: string;
    kpis: { name: string; definition: string; unit: string }[];
  }[];
}

export async function getContractDetails(db: Executor, tenderId: string): Promise<ContractDetails> {
  const tender = await db.selectFrom("tenders").select(["procedure", "awarded_at"]).where("id", "=", tenderId).executeTakeFirst();
  if (!tender?.awarded_at) return { notice: false, contracts: [] };
  const projects = await db
    .selectFrom("projects")
    .innerJoin("organisations", "organisations.id", "projects.organisation_id")
    .innerJoin("districts", "districts.id", "projects.district_id")
    .select(["projects.id", "projects.reference", "projects.title", "projects.amount_pence", "projects.start_date", "projects.end_date",
      "organisations.name as supplier", "districts.name as district"])
    .where("projects.tender_id", "=", tenderId)
    .orderBy("projects.reference")
    .execute();
  const indicators = projects.length
    ? await db.selectFrom("project_indicators").select(["project_id", "name", "definition", "unit"])
      .where("project_id", "in", projects.map((p) => p.id)).orderBy("project_id").orderBy("position").execute()
    : [];
  return {
    notice: procedureSteps(tender.procedure).contractDetailsNotice,
    contracts: projects.map((p) => ({
      reference: p.reference,
      title: p.title,
      supplier: p.supplier,
      district: p.district,
      value: formatPence(Number(p.amount_pence)),
      period: `${formatDate(p.start_date)} to ${formatDate(p.end_date)}`,
      entered: formatDate(tender.awarded_at!),
      kpis: indicators.filter((i) => i.project_id === p.id).map(({ name, definition, unit }) => ({ name, definition, unit })),
    })),
  };
}
