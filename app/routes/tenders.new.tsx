import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { TenderFormFields } from "~/components/tenders/tender-form";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { checkedUploads, readUploadForm } from "~/http/uploads.server";
import { dispatchIntent } from "~/http/intents.server";
import { addRowResponse, choiceProblems, choicesFor, newTenderValues, tenderFormProblems } from "~/http/tenders/form.server";
import { getSettings } from "~/models/admin/settings.server";
import { createTender } from "~/models/tenders/change.server";
import { tenderFormSchema } from "~/schemas/tenders.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Create a tender – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "tenders:create");
  const choices = await choicesFor(getDb(), user, null);
  return json({ choices, defaults: newTenderValues() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "tenders:create");
  const db = getDb();
  const settings = await getSettings(db);
  const upload = await readUploadForm(request, settings.max_upload_bytes);

  const save = async () => {
    const parsed = parseForm(tenderFormSchema(), upload.form);
    const errors: FieldErrors = parsed.ok ? await choiceProblems(db, user, parsed.data, null) : { ...parsed.errors };
    const attachments = await checkedUploads(upload, "attachments", settings.max_upload_bytes);
    if (attachments.error) errors.attachments = attachments.error;
    if (!parsed.ok || Object.keys(errors).length > 0) return tenderFormProblems(upload, errors);

    const created = await createTender(db, auditContext(user, context), parsed.data, attachments.files);
    return redirect(`/tenders/${created.id}`, {
      headers: {
        "Set-Cookie": await flash(request, {
          kind: "success",
          text: `Draft tender ${created.reference} has been saved. Providers cannot see it until you publish it.`,
        }),
      },
    });
  };

  const handlers = {
    save,
    "add-criterion": () => addRowResponse(upload, "add-criterion"),
    "add-question": () => addRowResponse(upload, "add-question"),
  };
  // A form sent without a button (by a script, or an older page) is a save, as it always was.
  return dispatchIntent(upload.form, handlers, { fallback: "save" });
}

export default function NewTender() {
  const { choices, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Link to="/tenders" className="govuk-back-link">Back to tenders</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">Create a tender</h1>
      <p className="govuk-body">
        The tender is saved as a draft. Only commissioning officers for its districts can see it until you publish it.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <TenderFormFields choices={choices} defaults={defaults} result={result} />
        <div className="govuk-button-group">
          <Button name="intent" value="save">Save as a draft</Button>
          <Link className="govuk-link" to="/tenders">Cancel</Link>
        </div>
      </Form>
    </>
  );
}
