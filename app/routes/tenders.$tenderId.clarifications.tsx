import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, formValues, type FieldErrors, type FormFailure } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { answerSchema } from "~/schemas/tenders.server";
import { auditContext, notFound } from "~/http/guards.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { appUrl } from "~/services/app-url.server";
import { flash } from "~/services/session.server";
import { clarificationAnsweredEmail } from "~/models/tenders/mail.server";
import { refusedForm } from "~/http/errors.server";
import { getTenderDetail } from "~/models/tenders/read.server";
import { answerClarification, listClarificationQueue } from "~/models/tenders/clarifications.server";
import { requireTender } from "~/http/tenders/access.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Clarification questions for ${data?.tender.reference ?? "a tender"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireTender(request, params.tenderId, "tender:manage");
  const db = getDb();
  const [queue, detail] = await Promise.all([listClarificationQueue(db, tender.id), getTenderDetail(db, tender.id)]);
  if (!detail) notFound("Tender not found");
  return json({
    tender: { id: tender.id, reference: tender.reference, title: tender.title, status: tender.status },
    queue,
    published: detail.clarifications,
  });
}

/**
 * Each question on the page has its own form; its fields carry the question's id in their
 * names (answer.<id>) so every field id on the page is unique and errors land beside the
 * right one.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireTender(request, params.tenderId, "tender:manage");
  const form = await request.formData();
  const values = formValues(form);
  const clarificationId = typeof values.clarificationId === "string" ? values.clarificationId : "";
  const parsed = answerSchema.safeParse({
    clarificationId,
    version: values.version,
    question: values[`question.${clarificationId}`],
    answer: values[`answer.${clarificationId}`],
  });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      const key = field === "question" || field === "answer" ? `${field}.${clarificationId}` : "form";
      errors[key] ??= issue.message;
    }
    const formError = errors.form;
    delete errors.form;
    return json<FormFailure>(failure(values, errors, formError), { status: 400 });
  }
  const db = getDb();
  let asker: Awaited<ReturnType<typeof answerClarification>>;
  try {
    asker = await db.transaction().execute((trx) =>
      answerClarification(trx, auditContext(user, context), {
        tenderId: tender.id, clarificationId, version: parsed.data.version, question: parsed.data.question, answer: parsed.data.answer, userId: user.id,
      }),
    );
  } catch (error) {
    return refusedForm(error, values);
  }
  if (!asker) notFound("That question was not found");

  let told = "";
  if (asker.askerActive) {
    const { council_name: councilName } = await getSettings(db);
    const sent = await sendMailAfterCommit(
      clarificationAnsweredEmail({
        to: asker.askerEmail, name: asker.askerName, councilName, reference: tender.reference, title: tender.title,
        link: appUrl(`/tenders/${tender.id}`), question: parsed.data.question, answer: parsed.data.answer,
      }),
    );
    told = sent ? " The person who asked has been e-mailed." : " The e-mail to the person who asked could not be sent.";
  }
  return redirect(`/tenders/${tender.id}/clarifications`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The question and answer are published on the tender page.${told}` }) },
  });
}

export default function Clarifications() {
  const { tender, queue, published } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const submittedId = typeof values?.clarificationId === "string" ? values.clarificationId : null;
  return (
    <>
      <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to {tender.reference}</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <span className="govuk-caption-l">{tender.reference}</span>
      <h1 className="govuk-heading-l">Clarification questions</h1>
      <p className="govuk-body">
        Providers ask these privately. When you answer one, the question and answer are published on the tender page
        for every bidder, without saying who asked. Edit the question first if it says who is asking.
      </p>

      <h2 className="govuk-heading-m">Waiting for an answer ({queue.length})</h2>
      {queue.length === 0 ? <p className="govuk-body">There are no questions waiting.</p> : null}
      {queue.map((c, index) => {
        const mine = submittedId === c.id;
        const typed = (field: "question" | "answer", fallback: string) => {
          const v = mine ? values?.[`${field}.${c.id}`] : undefined;
          return typeof v === "string" ? v : fallback;
        };
        return (
          <div key={c.id} className="govuk-!-margin-bottom-8">
            <h3 className="govuk-heading-s">
              Question {index + 1}: from {c.organisationName} ({c.askerName}), {formatDateTime(c.askedAt)}
            </h3>
            <div className="govuk-inset-text">{c.question}</div>
            <Form method="post" noValidate>
              <input type="hidden" name="clarificationId" value={c.id} />
              <input type="hidden" name="version" value={c.version} />
              <Textarea
                name={`question.${c.id}`}
                label="The question as it will be published"
                hint="Remove anything that identifies the provider."
                defaultValue={typed("question", c.question)}
                error={mine ? errors[`question.${c.id}`] : undefined}
                rows={3}
              />
              <Textarea
                name={`answer.${c.id}`}
                label="Your answer"
                defaultValue={typed("answer", "")}
                error={mine ? errors[`answer.${c.id}`] : undefined}
                rows={5}
              />
              <Button>Publish the question and answer</Button>
            </Form>
          </div>
        );
      })}

      <h2 className="govuk-heading-m">Published ({published.length})</h2>
      {published.length ? (
        <dl className="govuk-summary-list">
          {published.map((c) => (
            <div className="govuk-summary-list__row" key={c.id}>
              <dt className="govuk-summary-list__key">{c.question}</dt>
              <dd className="govuk-summary-list__value">
                {c.answer}
                <br />
                <span className="govuk-hint">Answered {formatDate(c.answeredAt)}</span>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="govuk-body">No answers have been published yet.</p>
      )}
    </>
  );
}
