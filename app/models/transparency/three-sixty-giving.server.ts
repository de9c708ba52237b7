// The council's grants in the 360Giving Data Standard 1.4.3: one grant per project, with
// org-ids for the council and each recipient (org-id.guide: GB-CHC charity, GB-COH company),
// the district as the beneficiary location (its ONS code, geoCodeType LAD), the planned dates,
// the funding stream as the grant programme and the amount paid so far from the ledger.
// Checked against the official schema in tests/routes/open-data.test.ts.
import type { Executor } from "../../../db/client";
import { getSettings } from "~/models/admin/settings.server";
import { listPublicAwards, type PublicAward } from "./awards.server";

export interface Funder {
  id: string;
  name: string;
}

/** The council as funder: its organisation's org-id (a GB-LAE identifier), with the council name set in Settings. */
export async function councilAsFunder(db: Executor): Promise<Funder> {
  const [council, settings] = await Promise.all([
    db.selectFrom("organisations").select(["id", "org_identifier"]).where("type", "=", "council").orderBy("created_at").executeTakeFirst(),
    getSettings(db),
  ]);
  return { id: council?.org_identifier ?? `XI-PORTAL-${council?.id ?? "council"}`, name: settings.council_name };
}

/** A recipient's org-id: the one recorded, else from its charity or company number, else a local one under the funder's. */
export function recipientOrgId(funder: Funder, supplier: Omit<PublicAward["supplier"], "organisationId">, organisationId: string): string {
  if (supplier.orgIdentifier) return supplier.orgIdentifier;
  if (supplier.charityNumber) return `GB-CHC-${supplier.charityNumber}`;
  if (supplier.companyNumber) return `GB-COH-${supplier.companyNumber}`;
  return `360G-${funder.id}-org-${organisationId}`;
}

const pounds = (pence: number) => Math.round(pence) / 100;

export function grantOf(award: PublicAward, funder: Funder, prefix: string) {
  const recipient: Record<string, string> = { id: recipientOrgId(funder, award.supplier, award.supplier.organisationId), name: award.supplier.name };
  if (award.supplier.charityNumber) recipient.charityNumber = award.supplier.charityNumber;
  if (award.supplier.companyNumber) recipient.companyNumber = award.supplier.companyNumber;
  return {
    id: `${prefix}-${award.reference}`,
    title: award.title,
    description: `${award.title}: early help funded from ${award.fundingStream} in ${award.district.name}.`,
    currency: "GBP",
    amountAwarded: pounds(award.amountPence),
    amountDisbursed: pounds(award.disbursedPence),
    awardDate: award.awardedOn,
    plannedDates: [{ startDate: award.startDate, endDate: award.endDate }],
    recipientOrganization: [recipient],
    fundingOrganization: [{ id: funder.id, name: funder.name }],
    beneficiaryLocation: [{ name: award.district.name, geoCode: award.district.onsCode, geoCodeType: "LAD", countryCode: "GB" }],
    grantProgramme: [{ title: award.fundingStream }],
  };
}

/**
 * The 360Giving package of every grant. The grant identifiers start with the publisher's
 * 360Giving prefix (OPEN_DATA_360G_PREFIX, issued by 360Giving), by default one made from the
 * council's org-id.
 */
export async function threeSixtyGivingPackage(db: Executor) {
  const [awards, funder] = await Promise.all([listPublicAwards(db), councilAsFunder(db)]);
  const prefix = process.env.OPEN_DATA_360G_PREFIX || `360G-${funder.id}`;
  return { version: "1.4", grants: awards.map((a) => grantOf(a, funder, prefix)) };
}

type Grant = ReturnType<typeof grantOf>;

/**
 * The flattened form 360Giving's tools read (CSV or a spreadsheet): one row per grant, each
 * column titled as the standard titles it ("Recipient Org:Identifier"), one of each list.
 */
export const FLAT_COLUMNS: readonly (readonly [title: string, value: (g: Grant) => string | number | undefined])[] = [
  ["Identifier", (g) => g.id],
  ["Title", (g) => g.title],
  ["Description", (g) => g.description],
  ["Currency", (g) => g.currency],
  ["Amount Awarded", (g) => g.amountAwarded],
  ["Amount Disbursed", (g) => g.amountDisbursed],
  ["Award Date", (g) => g.awardDate],
  ["Planned Dates:Start Date", (g) => g.plannedDates[0]?.startDate],
  ["Planned Dates:End Date", (g) => g.plannedDates[0]?.endDate],
  ["Recipient Org:Identifier", (g) => g.recipientOrganization[0]?.id],
  ["Recipient Org:Name", (g) => g.recipientOrganization[0]?.name],
  ["Recipient Org:Charity Number", (g) => g.recipientOrganization[0]?.charityNumber],
  ["Recipient Org:Company Number", (g) => g.recipientOrganization[0]?.companyNumber],
  ["Funding Org:Identifier", (g) => g.fundingOrganization[0]?.id],
  ["Funding Org:Name", (g) => g.fundingOrganization[0]?.name],
  ["Beneficiary Location:Name", (g) => g.beneficiaryLocation[0]?.name],
  ["Beneficiary Location:Geographic Code", (g) => g.beneficiaryLocation[0]?.geoCode],
  ["Beneficiary Location:Geographic Code Type", (g) => g.beneficiaryLocation[0]?.geoCodeType],
  ["Beneficiary Location:Country Code", (g) => g.beneficiaryLocation[0]?.countryCode],
  ["Grant Programme:Title", (g) => g.grantProgramme[0]?.title],
];

export function flatGrants(grants: readonly Grant[]): { header: string[]; rows: (string | number | undefined)[][] } {
  return { header: FLAT_COLUMNS.map(([title]) => title), rows: grants.map((g) => FLAT_COLUMNS.map(([, value]) => value(g))) };
}
