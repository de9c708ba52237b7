// The tender's conflicts assessment (Procurement Act 2023, s83), for the officers managing it:
// each person's current entry, what the panel has declared on the bids, the dated history,
// a form to record or revise an entry, and the review the award waits for.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Select, Textarea } from "~/components/forms";
import { Form } from "~/components/form";
import { TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FormFailure } from "~/lib/forms";
import { getConflictsAssessment, recordConflictEntry, reviewConflictsAssessment } from "~/models/tenders/conflicts.server";
import { CONFLICT_MESSAGES, CONFLICT_ROLE_LABELS } from "~/schemas/conflicts";
import { conflictEntrySchema } from "~/schemas/conflicts.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireTender } from "~/http/tenders/access.server";
import { flash } from "~/services/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Conflicts assessment${data ? ` for ${data.tender.reference}` : ""} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireTender(request, params.tenderId, "tender:manage");
  const assessment = await getConflictsAssessment(getDb(), tender.id);
  if (!assessment) notFound("Tender not found");
  return json({
    tender: { id: tender.id, reference: tender.reference, title: tender.title, closed: tender.closesAt <= new Date().toISOString() },
    assessment,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireTender(request, params.tenderId, "tender:manage");
  const form = await request.formData();
  const db = getDb();
  const back = `/tenders/${tender.id}/conflicts`;

  const record = async () => {
    const parsed = parseForm(conflictEntrySchema, form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    const assessment = (await getConflictsAssessment(db, tender.id))!;
    if (!assessment.people.some((p) => p.id === parsed.data.person_user_id)) {
      return json<FormFailure>(failure(parsed.values, { person_user_id: CONFLICT_MESSAGES.person }), { status: 400 });
    }
    try {
      await db.transaction().execute((trx) => recordConflictEntry(trx, auditContext(user, context), tender.id, {
        personUserId: parsed.data.person_user_id, role: parsed.data.role, interest: parsed.data.interest,
        mitigation: parsed.data.mitigation, basedOnEntries: parsed.data.based_on_entries,
      }));
    } catch (error) {
      return refusedForm(error, parsed.values);
    }
    return redirect(back, { headers: { "Set-Cookie": await flash(request, { kind: "success", text: "The entry is recorded in the conflicts assessment." }) } });
  };

  const review = async () => {
    try {
      await db.transaction().execute((trx) => reviewConflictsAssessment(trx, auditContext(user, context), tender.id));
    } catch (error) {
      return refusedForm(error, formValues(form));
    }
    return redirect(back, { headers: { "Set-Cookie": await flash(request, { kind: "success", text: "The conflicts assessment is reviewed. The tender can be awarded." }) } });
  };

  return dispatchIntent(form, { record, review });
}

export default function ConflictsAssessmentPage() {
  const { tender, assessment: a } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const chosen = fieldValue(values, "person_user_id");
  return (
    <>
      <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to {tender.reference}</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <span className="govuk-caption-l">{tender.reference}: {tender.title}</span>
      <h1 className="govuk-heading-l">Conflicts assessment</h1>
      <p className="govuk-body">
        {a.required
          ? "The Procurement Act 2023 asks for this assessment on this tender: record it before publishing, and review it after the tender closes, before the award."
          : "This tender's procedure does not require an assessment, but recording one is good practice."}
      </p>
      <p className="govuk-body">
        {a.reviewedAt ? `Last reviewed ${formatDateTime(a.reviewedAt)}${a.reviewedBy ? ` by ${a.reviewedBy}` : ""}.` : "Not reviewed yet."}
      </p>

      <h2 className="govuk-heading-m">Entries</h2>
      {a.current.length === 0 ? <p className="govuk-body">No one has been entered yet.</p> : (
        <TableWrapper caption="Entries">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Entries</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Person</th>
                <th scope="col" className="govuk-table__header">Part</th>
                <th scope="col" className="govuk-table__header">Declared</th>
                <th scope="col" className="govuk-table__header">How it is handled</th>
                <th scope="col" className="govuk-table__header">Recorded</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {a.current.map((e) => (
                <tr className="govuk-table__row" key={e.personUserId}>
                  <th scope="row" className="govuk-table__header">{e.personName}</th>
                  <td className="govuk-table__cell">{CONFLICT_ROLE_LABELS[e.role]}</td>
                  <td className="govuk-table__cell">{e.interest || "Nothing declared"}</td>
                  <td className="govuk-table__cell">{e.mitigation}</td>
                  <td className="govuk-table__cell">{formatDateTime(e.recordedAt)} (revision {e.revision})</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrapper>
      )}

      <h2 className="govuk-heading-m">What the panel declared on the bids</h2>
      {a.panelDeclarations.length === 0 ? <p className="govuk-body">No panel member has declared a conflict with a bid.</p> : (
        <ul className="govuk-list govuk-list--bullet">
          {a.panelDeclarations.map((d) => (
            <li key={d.personUserId}>{d.personName}: a conflict with {d.conflicts === 1 ? "1 bid" : `${d.conflicts} bids`}{d.reasons.length ? ` (${d.reasons.join("; ")})` : ""}</li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">Record or revise an entry</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name="based_on_entries" value={String(a.history.length)} />
        <Select
          name="person_user_id"
          label="Person"
          options={a.people.map((p) => ({ value: p.id, label: `${p.name} (${CONFLICT_ROLE_LABELS[p.role]})` }))}
          defaultValue={chosen}
          emptyLabel="Choose a person"
          error={errors.person_user_id}
        />
        <Radios
          name="role"
          legend="Their part in the decision"
          options={(["officer", "panel", "adviser"] as const).map((r) => ({ value: r, label: CONFLICT_ROLE_LABELS[r] }))}
          defaultValue={fieldValue(values, "role")}
          error={errors.role}
          inline
        />
        <Textarea name="interest" label="What they declared (leave empty if nothing)" defaultValue={fieldValue(values, "interest")} error={errors.interest} rows={3} />
        <Textarea name="mitigation" label="How it is handled" hint="For example: does not score the bid from that organisation; or: nothing to handle" defaultValue={fieldValue(values, "mitigation")} error={errors.mitigation} rows={3} />
        <Button>Record the entry</Button>
      </Form>

      {tender.closed ? (
        <Form method="post" noValidate>
          <h2 className="govuk-heading-m">Review</h2>
          <p className="govuk-body">Review the assessment once the panel has declared its interests in the bids: the award waits for it.</p>
          <Button name="intent" value="review" secondary>Mark the assessment reviewed</Button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">History</h2>
      {a.history.length === 0 ? <p className="govuk-body">Nothing recorded yet.</p> : (
        <ul className="govuk-list">
          {a.history.map((e) => (
            <li key={e.id}>
              <strong>{formatDateTime(e.recordedAt)}</strong>: {e.personName}, revision {e.revision}{e.recordedBy ? `, recorded by ${e.recordedBy}` : ""}.
              {" "}Declared: {e.interest || "nothing"}. Handled: {e.mitigation}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
