// The council's contracting process in the Open Contracting Data Standard 1.1.5: for each
// public tender, one release per change of state. A tender release when it was published, a
// tenderAmendment for each amendment, an award when it was awarded, a contract for each
// project it funded, and an implementation release with the spend paid (transactions, from
// the ledger) and the quarterly returns (milestones, met when submitted by their due date).
// Nothing sealed: tenderers appear only once the policy makes them public (at the contract
// award notice, or the contract). Checked against the
// official schema in tests/routes/open-data.test.ts.
import type { Executor } from "../../../db/client";
import { ukDayStartUtc, ukToday } from "~/lib/dates";
import { publicTenders, tenderersArePublic } from "~/policies/tenders";
import { tenderStatus } from "~/models/tenders/status.server";
import { BID_ASSESSED } from "~/models/statuses";
import { PROCEDURE_LABELS } from "~/models/tenders/procedures";
import { appUrl } from "~/services/app-url.server";
import { councilAsFunder, recipientOrgId, type Funder } from "./three-sixty-giving.server";

/** The OCID prefix the Open Contracting Partnership registered for the council (OPEN_DATA_OCID_PREFIX). */
export function ocidPrefix(): string {
  return process.env.OPEN_DATA_OCID_PREFIX || "ocds-portal";
}

type Party = { id: string; name: string; roles: string[] };
const money = (pence: number) => ({ amount: Math.round(pence) / 100, currency: "GBP" });

/** Every release of the public tenders (all of them, or one), oldest first within each tender. */
export async function ocdsReleases(db: Executor, options: { tenderId?: string; now?: Date } = {}) {
  const now = options.now ?? new Date();
  let query = db.selectFrom("tenders").selectAll().where((eb) => publicTenders(eb));
  if (options.tenderId) query = query.where("id", "=", options.tenderId);
  const tenders = await query.orderBy("reference").execute();
  if (tenders.length === 0) return [];
  const ids = tenders.map((t) => t.id);
  const [funder, criteria, amendments, files, bids, projects] = await Promise.all([
    councilAsFunder(db),
    db.selectFrom("tender_criteria").select(["tender_id", "name", "weight_percent"]).where("tender_id", "in", ids).orderBy("position").execute(),
    db.selectFrom("tender_amendments").select(["id", "tender_id", "summary", "created_at"]).where("tender_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("files").select(["id", "owner_id", "filename", "created_at"]).where("owner_type", "=", "tender").where("owner_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("bids").innerJoin("organisations", "organisations.id", "bids.organisation_id")
      .select(["bids.id", "bids.tender_id", "bids.status", "bids.amount_pence", "bids.decided_at", "organisations.id as organisation_id", "organisations.name",
        "organisations.charity_number", "organisations.company_number", "organisations.org_identifier"])
      .where("bids.tender_id", "in", ids).where("bids.status", "in", [...BID_ASSESSED]).orderBy("bids.id").execute(),
    db.selectFrom("projects").select(["id", "reference", "title", "tender_id", "bid_id", "amount_pence", "start_date", "end_date", "status", "created_at"])
      .where("tender_id", "in", ids).orderBy("reference").execute(),
  ]);
  const projectIds = projects.map((p) => p.id);
  const [spend, returns] = projectIds.length
    ? await Promise.all([
      db.selectFrom("ledger_entries").select(["id", "project_id", "amount_pence", "created_at"]).where("kind", "=", "spend").where("project_id", "in", projectIds).orderBy("created_at").orderBy("id").execute(),
      db.selectFrom("returns").select(["id", "project_id", "quarter", "due_date", "first_submitted_at"]).where("project_id", "in", projectIds).orderBy("due_date").orderBy("id").execute(),
    ])
    : [[], []];

  const releases = [];
  for (const t of tenders) {
    const ocid = `${ocidPrefix()}-${t.reference}`;
    const status = tenderStatus(t, now);
    const orgOf = (b: (typeof bids)[number]) =>
      ({ id: recipientOrgId(funder, { name: b.name, charityNumber: b.charity_number, companyNumber: b.company_number, orgIdentifier: b.org_identifier }, b.organisation_id), name: b.name });
    // Who bid is told only once the policy makes it public (on award), and only in the
    // releases from then on: a release describes the process as it was on its date.
    const tenderBids = tenderersArePublic({ status, awardNoticeAt: t.award_notice_at }) ? bids.filter((b) => b.tender_id === t.id) : [];
    const winners = tenderBids.filter((b) => b.status === "successful");
    const buyer: Party = { id: funder.id, name: funder.name, roles: ["buyer", "procuringEntity"] };
    const parties: Party[] = [{ ...buyer, roles: [...buyer.roles] }];
    for (const b of tenderBids) {
      const org = orgOf(b);
      const roles = b.status === "successful" ? ["tenderer", "supplier"] : ["tenderer"];
      const existing = parties.find((p) => p.id === org.id);
      if (existing) existing.roles = [...new Set([...existing.roles, ...roles])];
      else parties.push({ ...org, roles });
    }
    const weights = criteria.filter((c) => c.tender_id === t.id).map((c) => `${c.name} ${c.weight_percent}%`).join("; ");
    const tender = {
      id: t.reference,
      title: t.title,
      description: t.specification.slice(0, 2_000),
      status: status === "cancelled" ? "cancelled" : status === "awarded" ? "complete" : status === "upcoming" ? "planned" : "active",
      value: money(Number(t.max_budget_pence)),
      procurementMethod: "open",
      procurementMethodDetails: PROCEDURE_LABELS[t.procedure],
      mainProcurementCategory: "services",
      awardCriteria: "ratedCriteria",
      awardCriteriaDetails: weights,
      tenderPeriod: { startDate: t.opens_at, endDate: t.closes_at },
      enquiryPeriod: { startDate: t.opens_at, endDate: t.closes_at },
      documents: files.filter((f) => f.owner_id === t.id).map((f) => ({
        id: f.id, documentType: "tenderNotice", title: f.filename, url: appUrl(`/opportunities/${t.id}/files/${f.id}`), datePublished: f.created_at,
      })),
    };
    const before = { ocid, initiationType: "tender", language: "en", parties: [buyer], buyer: { id: funder.id, name: funder.name } };
    const base = { ...before, parties };
    releases.push({ ...before, id: `${ocid}-tender`, date: t.published_at!, tag: ["tender"], tender });
    for (const a of amendments.filter((x) => x.tender_id === t.id)) {
      releases.push({
        ...before, id: `${ocid}-amendment-${a.id}`, date: a.created_at, tag: ["tenderAmendment"],
        tender: { ...tender, amendments: [{ id: a.id, date: a.created_at, description: a.summary, rationale: a.summary }] },
      });
    }
    // The award is released when it is public: at the contract award notice (pending while the
    // standstill runs) or, without a notice, when the contract is entered.
    const awardPublishedAt = t.award_notice_at ?? t.awarded_at;
    if (tenderBids.length && awardPublishedAt) {
      const standstillNote = t.standstill_waived_reason
        ? `Standstill waived: ${t.standstill_waived_reason}`
        : t.standstill_last_day ? `Standstill ends at the end of ${t.standstill_last_day}` : undefined;
      const awardsAs = (status: "pending" | "active") => winners.map((b) => ({
        id: `${t.reference}-${b.id}`, title: t.title, status, date: t.award_intended_at ?? b.decided_at ?? awardPublishedAt,
        ...(standstillNote ? { description: standstillNote } : {}),
        value: money(Number(b.amount_pence ?? 0)), suppliers: [orgOf(b)],
      }));
      const awarded = { ...tender, numberOfTenderers: tenderBids.length, tenderers: tenderBids.map(orgOf) };
      releases.push({
        ...base, id: `${ocid}-award`, date: awardPublishedAt, tag: ["award"], tender: awarded,
        awards: awardsAs(t.status === "awarded" && !t.award_notice_at ? "active" : "pending"),
      });
      const awards = awardsAs("active");
      for (const p of projects.filter((x) => x.tender_id === t.id)) {
        const awardID = `${t.reference}-${p.bid_id}`;
        const contract = {
          id: p.reference, awardID, title: p.title, status: p.status === "completed" || p.status === "terminated" ? "terminated" : "active",
          period: { startDate: `${p.start_date}T00:00:00Z`, endDate: `${p.end_date}T23:59:59Z` }, value: money(Number(p.amount_pence)), dateSigned: p.created_at,
        };
        const supplier = winners.find((b) => b.id === p.bid_id);
        releases.push({ ...base, id: `${ocid}-contract-${p.reference}`, date: p.created_at, tag: ["contract"], awards, contracts: [contract] });
        const paid = spend.filter((s) => s.project_id === p.id);
        const due = returns.filter((r) => r.project_id === p.id);
        if (paid.length || due.length) {
          const latest = [p.created_at, ...paid.map((s) => s.created_at), ...due.map((r) => r.first_submitted_at ?? "")].sort().at(-1)!;
          releases.push({
            ...base, id: `${ocid}-implementation-${p.reference}`, date: latest, tag: ["implementation"], awards,
            contracts: [{
              ...contract,
              implementation: {
                transactions: paid.map((s) => ({
                  id: s.id, date: s.created_at, value: money(Number(s.amount_pence)),
                  payer: { id: funder.id, name: funder.name }, ...(supplier ? { payee: orgOf(supplier) } : {}),
                })),
                milestones: due.map((r) => milestoneOf(r, now)),
              },
            }],
          });
        }
      }
    }
  }
  return releases;
}

/** A quarterly return as a reporting milestone: met when it was submitted on time. */
function milestoneOf(r: { id: string; quarter: string; due_date: string; first_submitted_at: string | null }, now: Date) {
  // Dates in the UK: submitted on the due day (UK time) is on time; the due day ends at UK midnight.
  const met = r.first_submitted_at !== null && ukToday(new Date(r.first_submitted_at)) <= r.due_date;
  const status = met ? "met" : r.first_submitted_at || r.due_date < ukToday(now) ? "notMet" : "scheduled";
  return {
    id: r.id, title: `Quarterly return, ${r.quarter}`, type: "reporting", dueDate: ukDayStartUtc(r.due_date, 1), status,
    ...(met ? { dateMet: r.first_submitted_at! } : {}),
  };
}

/**
 * A package without the time it was made: what a copy fetched before must match to be still
 * good (its releases, tenders' states included, and its publisher). Every list in it is read in
 * a set order, so the same data is always the same text.
 */
export function ocdsPackageData(pkg: Awaited<ReturnType<typeof ocdsPackage>>): string {
  const { publishedDate: _made, ...data } = pkg;
  return JSON.stringify(data);
}

/** A release package at its stable address. */
export async function ocdsPackage(db: Executor, path: string, options: { tenderId?: string; now?: Date } = {}) {
  const [releases, funder] = await Promise.all([ocdsReleases(db, options), councilAsFunder(db)]);
  return {
    uri: appUrl(path),
    version: "1.1",
    publishedDate: (options.now ?? new Date()).toISOString(),
    publisher: { name: funder.name, ...schemeOf(funder) },
    releases,
  };
}

function schemeOf(funder: Funder) {
  const match = /^([A-Z]{2}-[A-Z]{3})-(.+)$/.exec(funder.id);
  return match ? { scheme: match[1], uid: match[2] } : {};
}
