import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { getDb, type Executor } from "../../db/client";
import { Button, ErrorSummary, Select, Textarea, TextInput } from "~/components/forms";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import { panelMemberSchema, reopenScoresSchema, scoringDueSchema } from "~/schemas/panel.server";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireTender } from "~/http/tenders/access.server";
import { TENDER_CLOSED } from "~/models/statuses";
import { TENDER_STATUS_LABELS } from "~/schemas/tenders";
import { assignPanelMember, removePanelMember, setScoringDueOn } from "~/models/panel/members.server";
import { getPanelOverview } from "~/models/panel/matrix.server";
import { reopenScores } from "~/models/panel/scores.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Panel for ${data.tender.reference}` : "Panel"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { tender } = await requireTender(request, params.tenderId, "tender:manage");
  const closed = TENDER_CLOSED.includes(tender.status);
  const overview = await getPanelOverview(getDb(), tender.id, closed);
  return json({
    tender: {
      id: tender.id, reference: tender.reference, title: tender.title, status: tender.status,
      statusLabel: TENDER_STATUS_LABELS[tender.status], closes: formatDateTime(tender.closesAt),
      scoringDueOn: tender.scoringDueOn ?? "",
    },
    closed,
    canChange: tender.storedStatus !== "awarded" && tender.storedStatus !== "cancelled",
    bidCount: overview.bidCount,
    members: overview.members.map((m) => ({
      ...m,
      assigned: formatDateTime(m.assignedAt),
      submitted: m.submittedAt ? formatDateTime(m.submittedAt) : null,
    })),
    candidates: overview.candidates.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requireTender(request, params.tenderId, "tender:manage");
  const form = await request.formData();
  const db = getDb();
  const audit = auditContext(user, context);

  /** One change to the panel, in its own transaction; `apply` says what happened, naming the member. */
  const change = async <S extends z.ZodType<{ userId: string }>>(schema: S, apply: (trx: Executor, input: z.infer<S>, name: string) => Promise<string>) => {
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    if (tender.storedStatus === "awarded" || tender.storedStatus === "cancelled") {
      return json<FormFailure>(failure(parsed.values, {}, `This tender has been ${tender.storedStatus}: its panel can no longer be changed.`), { status: 409 });
    }
    const name = (await db.selectFrom("users").select("name").where("id", "=", parsed.data.userId).executeTakeFirst())?.name ?? "The member";
    let text: string;
    try {
      text = await db.transaction().execute((trx) => apply(trx, parsed.data, name));
    } catch (error) {
      return refusedForm(error, parsed.values);
    }
    return redirect(`/tenders/${tender.id}/panel`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
  };

  return dispatchIntent(form, {
    "scoring-due": async () => {
      const parsed = parseForm(scoringDueSchema, form);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      if (tender.storedStatus === "awarded" || tender.storedStatus === "cancelled") {
        return json<FormFailure>(failure(parsed.values, {}, `This tender has been ${tender.storedStatus}: its panel can no longer be changed.`), { status: 409 });
      }
      const dueOn = parsed.data.scoring_due_on;
      await db.transaction().execute((trx) => setScoringDueOn(trx, audit, { tenderId: tender.id, dueOn }));
      const text = dueOn ? `Scores are due by ${formatDate(dueOn)}. It is in each member's calendar feed.` : "There is no date for the scores now.";
      return redirect(`/tenders/${tender.id}/panel`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
    },
    assign: () => change(panelMemberSchema, async (trx, input, name) => {
      await assignPanelMember(trx, audit, { tenderId: tender.id, userId: input.userId });
      return `${name} is on the panel.`;
    }),
    remove: () => change(panelMemberSchema, async (trx, input, name) => {
      const removed = await removePanelMember(trx, audit, { tenderId: tender.id, userId: input.userId });
      return removed ? `${name} is no longer on the panel. Any scores they gave are deleted.` : `${name} was not on the panel.`;
    }),
    reopen: () => change(reopenScoresSchema, async (trx, input, name) => {
      await reopenScores(trx, audit, { tenderId: tender.id, userId: input.userId, reason: input.reason });
      return `${name}'s scores are reopened: they can change them and submit again.`;
    }),
  });
}

export default function TenderPanel() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { tender } = data;
  return (
    <>
      <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to {tender.reference}</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference} {tender.title}</span>
        Panel
      </h1>
      <p className="govuk-body">
        Status: <strong className="govuk-tag govuk-tag--grey">{tender.statusLabel}</strong>. The tender {data.closed ? "closed" : "closes"} on {tender.closes}.
      </p>
      {data.closed ? (
        <p className="govuk-body">
          {data.bidCount === 1 ? "1 bid is" : `${data.bidCount} bids are`} being assessed.{" "}
          <Link className="govuk-link" to={`/tenders/${tender.id}/moderation`}>Go to moderation</Link>
        </p>
      ) : (
        <p className="govuk-body">The bids are sealed until the closing time: the panel can declare interests and score them after that.</p>
      )}

      {data.canChange ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="scoring-due" />
          <TextInput
            name="scoring_due_on"
            label="Scores are due by"
            hint="Shown in each member's calendar until they submit their scores. Leave empty for no date. For example, 2027-01-29"
            type="date"
            width="10"
            defaultValue={fieldValue(result?.values.intent === "scoring-due" ? result.values : undefined, "scoring_due_on", tender.scoringDueOn)}
            error={result?.values.intent === "scoring-due" ? result.errors.scoring_due_on : undefined}
          />
          <Button secondary>Save the date</Button>
        </Form>
      ) : null}

      <h2 className="govuk-heading-m">Members</h2>
      {data.members.length === 0 ? <p className="govuk-body">Nobody is on the panel yet.</p> : null}
      {data.members.map((m) => (
        <div key={m.userId} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{m.name}</h3>
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">E-mail</dt>
                <dd className="govuk-summary-list__value">{m.email}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Added</dt>
                <dd className="govuk-summary-list__value">{m.assigned}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Declarations</dt>
                <dd className="govuk-summary-list__value">
                  {!data.closed ? "Not yet: the tender has not closed" : m.declarations.length === 0 ? "None made yet" : (
                    <ul className="govuk-list">
                      {m.declarations.map((d) => (
                        <li key={d.bidId}>
                          {d.bidLabel}: {d.conflict ? <><strong>Conflict of interest</strong> – {d.reason}</> : "No conflict"}
                        </li>
                      ))}
                    </ul>
                  )}
                  {data.closed && m.undeclaredCount > 0 ? <p className="govuk-body">{m.undeclaredCount} still to declare.</p> : null}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Scores</dt>
                <dd className="govuk-summary-list__value">
                  {m.submitted ? `Submitted on ${m.submitted}` : `Not submitted (${m.scored} of ${m.toScore} scored)`}
                </dd>
              </div>
            </dl>
            {data.canChange && m.submitted ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="reopen" />
                <input type="hidden" name="userId" value={m.userId} />
                <Textarea
                  name="reason"
                  label={`Why reopen ${m.name}'s scores?`}
                  rows={2}
                  error={result?.values?.userId === m.userId ? result?.errors?.reason : undefined}
                  defaultValue={result?.values?.userId === m.userId ? fieldValue(result?.values, "reason") : ""}
                />
                <Button secondary>Reopen {m.name}'s scores</Button>
              </Form>
            ) : null}
            {data.canChange ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="userId" value={m.userId} />
                <Button warning>Remove {m.name} from the panel</Button>
              </Form>
            ) : null}
          </div>
        </div>
      ))}

      {data.canChange ? (
        <>
          <h2 className="govuk-heading-m">Add a member</h2>
          {data.candidates.length === 0 ? (
            <p className="govuk-body">Every user with the panel member role is already on this panel. An administrator can invite more.</p>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="assign" />
              <Select
                name="userId"
                label="Panel member"
                emptyLabel="Choose a panel member"
                options={data.candidates}
                error={result?.errors?.userId}
              />
              <Button>Add to the panel</Button>
            </Form>
          )}
        </>
      ) : (
        <p className="govuk-body">The panel can no longer be changed.</p>
      )}
    </>
  );
}
