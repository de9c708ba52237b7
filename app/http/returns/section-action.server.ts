// Saving a section of a return, the one way every section does it: the provider who may
// change the return, the version the page was loaded with, the section's own fields and the
// "Have you completed this section?" answer, one transaction, then back to the task list
// with a flash. A save from a stale page, or to a return no longer the provider's to change,
// comes back as the form with what was typed and the reason (409, through refusedForm).
//
// The five form sections (outputs, outcomes, spend, beneficiaries, narrative) are each one
// `sectionAction`; case studies and evidence, changed one item at a time, use the same
// pieces (requireSectionPost, saveSectionForm for their "complete" answer, commitSectionSave).
import { json, redirect, type ActionFunctionArgs, type TypedResponse } from "@remix-run/node";
import { getDb, type Executor } from "../../../db/client";
import type { ReturnSection } from "../../../db/schema";
import { failure, formValues, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import type { SignedInUser } from "~/models/accounts/users.server";
import type { AuditContext } from "~/models/audit/record.server";
import { DomainError, RefusedError } from "~/models/errors";
import { getReturnDetail, type ReturnDetail } from "~/models/returns/detail.server";
import type { LoadedReturn } from "~/models/returns/returns.server";
import { saveSectionComplete, type SaveArgs } from "~/models/returns/sections.server";
import { formVersion, parseComplete, RETURN_MESSAGES } from "~/schemas/returns";
import { flash } from "~/services/session.server";
import { refusedForm } from "../errors.server";
import { auditContext, notFound } from "../guards.server";
import { requireReturnEditor } from "./access.server";
import { autosaved, autosaveFailure } from "../autosave.server";
import { isAutosave } from "~/lib/autosave";

/** A post to one of the return's sections, from someone who may change the return now. */
export interface SectionPost {
  request: Request;
  user: SignedInUser;
  ret: LoadedReturn;
  form: FormData;
  values: FormValues;
  /** The version the page was loaded with; null when the form did not carry one. */
  version: number | null;
  audit: AuditContext;
}

/** Guards first (a refused user's upload is never read), then reads the form. */
export async function requireSectionPost(
  { request, params, context }: ActionFunctionArgs,
  readForm: (request: Request) => Promise<FormData> = (r) => r.formData(),
): Promise<SectionPost> {
  const { user, ret } = await requireReturnEditor(request, params.returnId);
  const form = await readForm(request);
  const values = formValues(form);
  return { request, user, ret, form, values, version: formVersion(values), audit: auditContext(user, context) };
}

/** The return in full, for a section that checks what was typed against it. */
export async function sectionDetail(post: SectionPost): Promise<ReturnDetail> {
  const detail = await getReturnDetail(getDb(), post.ret.id);
  if (!detail) notFound("Return not found");
  return detail;
}

/** The form again, with the problems; `extra` says which of a page's forms it was. */
export function sectionFailure<X extends object = Record<never, never>>(
  post: SectionPost,
  errors: FieldErrors,
  status: number,
  formError?: string,
  extra?: X,
) {
  return json<FormFailure & X>({ ...failure(post.values, errors, formError), ...(extra as X) }, { status });
}

/** A form without the version it was loaded with cannot be checked against later saves: reload it. */
export function missingVersion<X extends object = Record<never, never>>(post: SectionPost, extra?: X) {
  return sectionFailure(post, {}, 400, RETURN_MESSAGES.version, extra);
}

/** One change in its own transaction: its result, or the form again with the reason it was refused. */
async function runSectionChange<R, X extends object>(
  post: SectionPost,
  change: (trx: Executor, audit: AuditContext) => Promise<R>,
  options: { extra?: X; lost?: string },
): Promise<{ ok: true; result: R } | { ok: false; response: TypedResponse<FormFailure & X> }> {
  try {
    return { ok: true, result: await getDb().transaction().execute((trx) => change(trx, post.audit)) };
  } catch (error) {
    const refusal = options.lost && error instanceof DomainError ? new RefusedError(`${error.message}${options.lost}`, error.httpStatus) : error;
    return { ok: false, response: refusedForm(refusal, post.values, options.extra) };
  }
}

/**
 * Runs one change in its own transaction and answers with `done`: a redirect with its flash.
 * A refusal (stale page, locked return, an item already gone) comes back as the form with the
 * reason and the error's status; `lost` is added to the reason (what was not kept, such as a file).
 */
export async function commitSectionSave<X extends object = Record<never, never>>(
  post: SectionPost,
  change: (trx: Executor, audit: AuditContext) => Promise<unknown>,
  done: { to: string; text: string },
  options: { extra?: X; lost?: string } = {},
): Promise<TypedResponse<FormFailure & X> | TypedResponse<never>> {
  const run = await runSectionChange(post, change, options);
  if (!run.ok) return run.response;
  return redirect(done.to, { headers: { "Set-Cookie": await flash(post.request, { kind: "success", text: done.text }) } });
}

/** A section's fields as parsed: what to save, and the problems (none to save it). */
export interface ParsedSection<T> {
  data: T;
  errors: FieldErrors;
}

export interface SectionSave<T> {
  /** The section's fields; `complete` asks for everything the section needs. Left out: the section is only its "complete" answer. */
  parse?: (post: SectionPost, complete: boolean) => ParsedSection<T> | Promise<ParsedSection<T>>;
  save: (trx: Executor, audit: AuditContext, args: SaveArgs & { data: T }) => Promise<{ version: number }>;
  /** The flash once saved. */
  saved: (complete: boolean) => string;
}

/**
 * A section's form saved with its "Have you completed this section?" answer, back to the task
 * list. Saved in the background as it is typed (app/lib/autosave.ts), a section not yet
 * answered either way is saved as in progress, and the answer is the new version.
 */
export async function saveSectionForm<T, X extends object = Record<never, never>>(post: SectionPost, section: SectionSave<T>, extra?: X) {
  const { version } = post;
  if (version === null) return missingVersion(post, extra);
  const background = isAutosave(post.form);
  const completeness = parseComplete(post.values);
  const complete = completeness.ok ? completeness.complete : false;
  const parsed = section.parse ? await section.parse(post, complete) : { data: undefined as T, errors: {} };
  const errors: FieldErrors = completeness.ok || background ? parsed.errors : { ...parsed.errors, complete: completeness.error };
  if (Object.keys(errors).length) return sectionFailure(post, errors, 400, undefined, extra);
  const save = (trx: Executor, audit: AuditContext) => section.save(trx, audit, { returnId: post.ret.id, version, complete, data: parsed.data });
  if (background) {
    try {
      const run = await runSectionChange(post, save, { extra });
      return run.ok ? autosaved(run.result.version, new Date()) : run.response;
    } catch (error) {
      // runSectionChange answers every refusal; what it throws is not one.
      const failed = autosaveFailure(error);
      if (failed) return failed;
      throw error;
    }
  }
  return commitSectionSave(post, save, { to: `/returns/${post.ret.id}`, text: section.saved(complete) }, { extra });
}

/** The action of a section that is one form (outputs, outcomes, spend, beneficiaries, narrative). */
export async function sectionAction<T>(args: ActionFunctionArgs, section: SectionSave<T>) {
  return saveSectionForm(await requireSectionPost(args), section);
}

/** "Spend saved and marked as complete." / "Spend saved. You can come back to finish it." */
export const savedSectionText = (heading: string, finish: "it" | "them") => (complete: boolean) =>
  complete ? `${heading} saved and marked as complete.` : `${heading} saved. You can come back to finish ${finish}.`;

/**
 * The "complete" answer of a section changed one item at a time (case studies, evidence):
 * only the flag is saved.
 */
export function completeItemsSection(section: Extract<ReturnSection, "case_studies" | "evidence">, heading: string, finish: "it" | "them"): SectionSave<undefined> {
  return {
    save: (trx, audit, args) => saveSectionComplete(trx, audit, { returnId: args.returnId, version: args.version, complete: args.complete, section }),
    saved: (complete) => (complete ? `${heading} marked as complete.` : `${heading} saved. You can come back to finish ${finish}.`),
  };
}
