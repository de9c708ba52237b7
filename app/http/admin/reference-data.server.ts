// The actions of the reference data pages (districts, themes, funding streams, context
// indicators, unit costs): the form parsed, the record added or changed in one transaction,
// a refusal (a name already used, a colleague's change) shown on the form, and otherwise
// back to a page with a message. Each kind's route says only its schema, its model
// function and its words.
import { json, redirect, type ActionFunctionArgs, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { getDb, type Executor } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import type { AuditContext } from "~/models/audit/record.server";
import { parseForm, type FormFailure } from "~/lib/forms";
import type { Permission, RecordFor } from "~/policies/index";
import { flash } from "~/services/session.server";
import { refusedForm } from "../errors.server";
import { auditContext, notFound, requirePermission } from "../guards.server";

/** The permissions that open a reference data page: about a kind of record, not one record. */
type AdminPermission = { [P in Permission]: RecordFor<P> extends undefined ? P : never }[Permission];

/** Where to go once saved, and what to say there. */
export interface Done {
  to: string;
  text: string;
}

/** Parses `form` with `schema`, saves it in a transaction and redirects with a message; refusals go back to the form. */
export async function saveReferenceForm<S extends z.ZodType, T>(
  request: Request,
  audit: { user: SignedInUser; context: AppLoadContext },
  form: FormData,
  options: { schema: S; save: (trx: Executor, audit: AuditContext, input: z.infer<S>) => Promise<T>; done: (input: z.infer<S>, saved: T) => Done },
) {
  const result = parseForm(options.schema, form);
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  let saved: T;
  try {
    saved = await getDb().transaction().execute((trx) => options.save(trx, auditContext(audit.user, audit.context), result.data));
  } catch (error) {
    return refusedForm(error, result.values);
  }
  const { to, text } = options.done(result.data, saved);
  return redirect(to, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

/** The record a change page is about: who may use the page, how to find the record, what to say when it is not there. */
export interface ReferenceGuard<R> {
  permission: AdminPermission;
  load: () => Promise<R | null>;
  notFoundMessage: string;
}

/** The record, for someone with the section's permission (403 otherwise): 404 when there is none. */
export async function requireReferenceRecord<R>(request: Request, guard: ReferenceGuard<R>): Promise<{ user: SignedInUser; record: R }> {
  const user = await requirePermission(request, guard.permission);
  const record = await guard.load();
  if (!record) notFound(guard.notFoundMessage);
  return { user, record };
}

/** An "add" page's action. */
export async function addReference<S extends z.ZodType>(
  { request, context }: ActionFunctionArgs,
  options: { permission: AdminPermission; schema: S; add: (trx: Executor, audit: AuditContext, input: z.infer<S>) => Promise<string>; done: (input: z.infer<S>, id: string) => Done },
) {
  const user = await requirePermission(request, options.permission);
  return saveReferenceForm(request, { user, context }, await request.formData(), { schema: options.schema, save: options.add, done: options.done });
}

/** A "change" page's action: 404 for a record that is not there, before the form is read. */
export async function changeReference<S extends z.ZodType, R>(
  { request, context }: ActionFunctionArgs,
  options: ReferenceGuard<R> & {
    schema: S;
    change: (trx: Executor, audit: AuditContext, record: R, input: z.infer<S>) => Promise<void>;
    done: (input: z.infer<S>, record: R) => Done;
  },
) {
  const { user, record } = await requireReferenceRecord(request, options);
  return saveReferenceForm(request, { user, context }, await request.formData(), {
    schema: options.schema,
    save: (trx, audit, input) => options.change(trx, audit, record, input),
    done: (input) => options.done(input, record),
  });
}
