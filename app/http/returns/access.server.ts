// Access to a quarterly return, for every return page: the provider's task list and
// sections, the check page, evidence downloads, the officer's review and the versions.
// One rule for all of them (requireRecord): a return this user may not see answers 404,
// whoever they are; one they may see but not change or review answers 403 with the reason.
import { redirect } from "@remix-run/node";
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { loadReturn, type LoadedReturn } from "~/models/returns/returns.server";
import { providerOwns } from "~/policies/actor";
import { can } from "~/policies/index";
import { returnLockedMessage } from "~/policies/returns";
import { notFound, requireRecord } from "../guards.server";
import { getReturnDetail, sectionsChangedSinceSubmission, sectionStatuses, type ReturnDetail, type SectionStatus } from "~/models/returns/detail.server";

export interface ReturnAccess {
  user: SignedInUser;
  ret: LoadedReturn;
  /** The signed-in user is a provider of the project's organisation. */
  own: boolean;
  /** May change it now ("return:edit"). */
  editable: boolean;
}

const NOT_FOUND = "Return not found";

function returnGuard(returnId: string | undefined) {
  return {
    load: () => (returnId ? loadReturn(getDb(), returnId) : Promise.resolve(null)),
    see: (user: SignedInUser, ret: LoadedReturn) => can(user, "return:view", ret.record),
    notFoundMessage: NOT_FOUND,
  };
}

function accessOf(user: SignedInUser, ret: LoadedReturn): ReturnAccess {
  return { user, ret, own: providerOwns(user, ret.record.project.organisationId), editable: can(user, "return:edit", ret.record) };
}

/** The return, for someone who may see it ("return:view"): its own provider, and officers covering its district. */
export async function requireReturnViewer(request: Request, returnId: string | undefined): Promise<ReturnAccess> {
  const { user, record } = await requireRecord(request, returnGuard(returnId));
  return accessOf(user, record);
}

/** The return, for an officer who may chase it ("return:remind"); 403 with the reason otherwise. */
export async function requireReturnChaser(request: Request, returnId: string | undefined): Promise<ReturnAccess> {
  const { user, record } = await requireRecord(request, {
    ...returnGuard(returnId),
    act: (u, ret) => can(u, "return:remind", ret.record),
    refusal: () => "Only an officer covering the project's district can send a reminder, and only while the return has not been submitted.",
  });
  return accessOf(user, record);
}

/** The return, for its own provider while it may be changed ("return:edit"); 403 with the reason otherwise. */
export async function requireReturnEditor(request: Request, returnId: string | undefined): Promise<ReturnAccess> {
  const { user, record } = await requireRecord(request, {
    ...returnGuard(returnId),
    act: (u, ret) => can(u, "return:edit", ret.record),
    refusal: (u, ret) => returnLockedMessage(ret.status, providerOwns(u, ret.record.project.organisationId)),
  });
  return accessOf(user, record);
}

const OFFICERS_ONLY = "Only a commissioning officer covering this district can query or approve a return.";

/** The return, for an officer who may query or approve it now ("return:review"); 403 with the reason otherwise. */
export async function requireReturnReviewer(request: Request, returnId: string | undefined): Promise<ReturnAccess> {
  const { user, record } = await requireRecord(request, {
    ...returnGuard(returnId),
    act: (u, ret) => can(u, "return:review", ret.record),
    refusal: (u, ret) =>
      can(u, "project:manage", ret.record.project)
        ? "This return is not waiting for review, so it cannot be queried or approved now."
        : OFFICERS_ONLY,
  });
  return accessOf(user, record);
}

/**
 * The return, for an officer covering its district whatever state it is in ("project:manage"
 * of its project); 403 to its provider. The review's actions take it from here and answer a
 * return that is not waiting for review with a 409 that says what happened to it.
 */
export async function requireReturnOfficer(request: Request, returnId: string | undefined): Promise<ReturnAccess> {
  const { user, record } = await requireRecord(request, {
    ...returnGuard(returnId),
    act: (u, ret) => can(u, "project:manage", ret.record.project),
    refusal: OFFICERS_ONLY,
  });
  return accessOf(user, record);
}

export interface FilingPage extends ReturnAccess {
  detail: ReturnDetail;
  statuses: SectionStatus[];
}

/**
 * What every page of the return loads: the return in full and where each section stands.
 * With `editOnly`, a return that cannot be changed now (submitted, approved, or an officer
 * reading it) sends the reader to the task list, which shows it read-only.
 */
export async function requireFilingPage(request: Request, returnId: string | undefined, options: { editOnly: boolean }): Promise<FilingPage> {
  const access = await requireReturnViewer(request, returnId);
  if (options.editOnly && !access.editable) throw redirect(`/returns/${access.ret.id}`);
  const db = getDb();
  const detail = await getReturnDetail(db, access.ret.id);
  if (!detail) notFound(NOT_FOUND);
  const statuses = sectionStatuses(detail, await sectionsChangedSinceSubmission(db, detail));
  return { ...access, detail, statuses };
}
