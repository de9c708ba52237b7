// The three moments officers are told about, each to the people the rules let act on it:
// a return submitted (return:review), a clarification question asked (tender:manage), a
// registration waiting (organisations:approve). Called by the action once its change has
// committed; each answers how many e-mails went.
import type { Executor } from "../../../db/client";
import { formatClockOnDate } from "~/lib/dates";
import { getSettings } from "~/models/admin/settings.server";
import { can } from "~/policies/index";
import type { ReturnRecord } from "~/policies/returns";
import type { TenderRecord } from "~/policies/tenders";
import { appUrl } from "~/services/app-url.server";
import { clarificationAskedEmail, registrationWaitingEmail, returnSubmittedEmail } from "./messages.server";
import { tellStaff } from "./officers.server";

const SETTINGS_PATH = "/account/notifications";

export async function notifyReturnSubmitted(
  db: Executor,
  args: { returnId: string; record: ReturnRecord; resubmitted: boolean; late: boolean },
): Promise<number> {
  const [r, settings] = await Promise.all([
    db.selectFrom("returns")
      .innerJoin("projects", "projects.id", "returns.project_id")
      .innerJoin("organisations", "organisations.id", "projects.organisation_id")
      .innerJoin("districts", "districts.id", "projects.district_id")
      .select(["returns.quarter", "projects.reference", "projects.title", "organisations.name as organisation_name", "districts.name as district_name"])
      .where("returns.id", "=", args.returnId)
      .executeTakeFirstOrThrow(),
    getSettings(db),
  ]);
  return tellStaff(db, "return_submitted", (actor) => can(actor, "return:review", args.record), (to) =>
    returnSubmittedEmail({
      to: to.email, name: to.name, councilName: settings.council_name, link: appUrl(`/returns/${args.returnId}/review`), settingsLink: appUrl(SETTINGS_PATH),
      resubmitted: args.resubmitted, late: args.late, organisationName: r.organisation_name, projectReference: r.reference, projectTitle: r.title,
      quarter: r.quarter, districtName: r.district_name,
    }));
}

export async function notifyClarificationAsked(
  db: Executor,
  args: { tender: { id: string; reference: string; title: string; closesAt: string; record: TenderRecord }; organisationId: string; question: string },
): Promise<number> {
  const [organisation, settings] = await Promise.all([
    db.selectFrom("organisations").select("name").where("id", "=", args.organisationId).executeTakeFirstOrThrow(),
    getSettings(db),
  ]);
  const { tender } = args;
  return tellStaff(db, "clarification_asked", (actor) => can(actor, "tender:manage", tender.record), (to) =>
    clarificationAskedEmail({
      to: to.email, name: to.name, councilName: settings.council_name, link: appUrl(`/tenders/${tender.id}/clarifications`), settingsLink: appUrl(SETTINGS_PATH),
      organisationName: organisation.name, tenderReference: tender.reference, tenderTitle: tender.title, closes: formatClockOnDate(tender.closesAt),
      question: args.question,
    }));
}

export async function notifyRegistrationWaiting(db: Executor, args: { organisationId: string }): Promise<number> {
  const [organisation, settings] = await Promise.all([
    db.selectFrom("organisations").select(["name", "contact_name"]).where("id", "=", args.organisationId).executeTakeFirstOrThrow(),
    getSettings(db),
  ]);
  return tellStaff(db, "registration_waiting", (actor) => can(actor, "organisations:approve"), (to) =>
    registrationWaitingEmail({
      to: to.email, name: to.name, councilName: settings.council_name, link: appUrl(`/organisations/${args.organisationId}`), settingsLink: appUrl(SETTINGS_PATH),
      organisationName: organisation.name, contactName: organisation.contact_name ?? "none given",
    }));
}
