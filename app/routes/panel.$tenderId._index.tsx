import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea } from "~/components/forms";
import { TableWrapper } from "~/components/lists";
import { formatDateTime } from "~/lib/dates";
import { fieldValue, parseForm, formValues, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import { declarationsSchema } from "~/schemas/panel.server";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requirePanelTender, requirePanelTenderReader } from "~/http/panel/access.server";
import { bidLabel } from "~/models/panel/read.server";
import { getScoringMatrix } from "~/models/panel/matrix.server";
import { getPanelWorkspace, type PanelWorkspace } from "~/models/panel/workspace.server";
import { declareInterests, submitScores } from "~/models/panel/scores.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Panel: ${data.tender.reference} ${data.tender.title}` : "Panel"} – Early help portal` },
];

/**
 * Every member's scores and the moderated result, for a member who has submitted their own,
 * and for every member once the decisions are recorded (nothing is left to sway).
 */
async function resultsFor(tenderId: string, userId: string, workspace: PanelWorkspace, finished: boolean) {
  if (!workspace.submittedAt && !finished) return null;
  const matrix = await getScoringMatrix(getDb(), tenderId);
  if (!matrix) return null;
  const mine = new Set(workspace.bids.map((b) => b.id));
  const names = new Map(matrix.members.map((m) => [m.userId, m.name]));
  return matrix.bids
    .filter((b) => mine.has(b.id))
    .map((b) => ({
      id: b.id,
      label: bidLabel(b),
      totalText: b.totalText,
      rank: b.rank,
      rows: b.rows.map((r) => ({
        criterionId: r.criterionId,
        criterionName: r.criterionName,
        maxScore: r.maxScore,
        scores: r.cells.map((c) => ({
          name: c.userId === userId ? "You" : (names.get(c.userId) ?? "Panel member"),
          text: c.conflict ? "Conflict of interest declared" : c.score === null ? "Not scored" : `${c.score} of ${r.maxScore}`,
          comment: c.comment,
        })),
        spreadText: r.spread.spread === null ? "No scores" : String(r.spread.spread),
        flag: r.spread.flag,
        consensus: r.consensus ? { score: r.consensus.score, rationale: r.consensus.rationale } : null,
      })),
    }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender, finished } = await requirePanelTenderReader(request, params.tenderId);
  const workspace = await getPanelWorkspace(getDb(), tender.id, user.id);
  return json({
    tender: { id: tender.id, reference: tender.reference, title: tender.title, closes: formatDateTime(tender.closesAt) },
    submittedAt: workspace.submittedAt,
    submitted: workspace.submittedAt ? formatDateTime(workspace.submittedAt) : null,
    criteriaCount: workspace.criteria.length,
    undeclared: workspace.undeclared.map((b) => ({ id: b.id, label: bidLabel(b), district: b.districtName })),
    conflictCount: workspace.conflictCount,
    bids: workspace.bids.map((b) => ({
      id: b.id, label: bidLabel(b), amount: formatPence(b.amountPence), scored: b.scored, complete: b.complete,
    })),
    missing: workspace.missing,
    finished,
    results: await resultsFor(tender.id, user.id, workspace, finished),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender } = await requirePanelTender(request, params.tenderId);
  const db = getDb();
  const form = await request.formData();
  const audit = auditContext(user, context);
  const here = `/panel/${tender.id}`;

  const declare = async () => {
    const workspace = await getPanelWorkspace(db, tender.id, user.id);
    if (workspace.undeclared.length === 0) {
      return redirect(here, { headers: { "Set-Cookie": await flash(request, { kind: "info", text: "Your declarations are already recorded." }) } });
    }
    const parsed = parseForm(declarationsSchema(workspace.undeclared.map((b) => ({ id: b.id, label: bidLabel(b) }))), form);
    if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
    let conflicts: number;
    try {
      ({ conflicts } = await db.transaction().execute((trx) =>
        declareInterests(trx, audit, { tenderId: tender.id, userId: user.id, declarations: parsed.data }),
      ));
    } catch (error) {
      return refusedForm(error, parsed.values);
    }
    const text = conflicts
      ? `Your declarations are recorded. You will not see the ${conflicts === 1 ? "bid" : `${conflicts} bids`} you have a conflict with.`
      : "Your declarations are recorded. You can now read and score the bids.";
    return redirect(here, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
  };

  const submit = async () => {
    try {
      await db.transaction().execute((trx) => submitScores(trx, audit, { tenderId: tender.id, userId: user.id }));
    } catch (error) {
      return refusedForm(error, formValues(form));
    }
    return redirect(here, {
      headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Your scores are submitted. You can now see the other members' scores." }) },
    });
  };

  return dispatchIntent(form, { declare, submit });
}

export default function PanelTender() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { tender } = data;
  return (
    <>
      <Link to="/panel" className="govuk-back-link">Back to your panel work</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{tender.reference}</span>
        {tender.title}
      </h1>
      <p className="govuk-body">The tender closed on {tender.closes}.</p>

      {data.finished ? (
        <div className="govuk-inset-text">
          The decisions on this tender have been recorded, so the panel's work is finished. Your scores and the panel's moderated
          result are below, to read.
        </div>
      ) : (
        <>
        <h2 className="govuk-heading-m">1. Declare your interests</h2>
        {data.undeclared.length > 0 ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="declare" />
            <p className="govuk-body">
              Before you read any bid, say for each one whether you have a conflict of interest: for example you work for, volunteer
              with, or are related to someone at the organisation. If you do, you will not see that bid or score it.
            </p>
            {data.undeclared.map((b) => (
              <div key={b.id} className="govuk-!-margin-bottom-6">
                <Radios
                  name={`declaration.${b.id}`}
                  legend={b.label}
                  hint={b.district ? `District: ${b.district}` : undefined}
                  error={result?.errors?.[`declaration.${b.id}`]}
                  defaultValue={fieldValue(result?.values, `declaration.${b.id}`)}
                  options={[
                    { value: "none", label: "I have no conflict of interest" },
                    { value: "conflict", label: "I have a conflict of interest" },
                  ]}
                />
                <Textarea
                  name={`reason.${b.id}`}
                  label="If you have a conflict, the reason"
                  hint="Required for a conflict. The commissioning officer sees it."
                  rows={2}
                  error={result?.errors?.[`reason.${b.id}`]}
                  defaultValue={fieldValue(result?.values, `reason.${b.id}`)}
                />
              </div>
            ))}
            <Button>Record my declarations</Button>
          </Form>
        ) : (
          <p className="govuk-body">
            You have declared on every bid.
            {data.conflictCount > 0
              ? ` You declared a conflict of interest with ${data.conflictCount === 1 ? "1 bid" : `${data.conflictCount} bids`}: you will not see ${data.conflictCount === 1 ? "it" : "them"}.`
              : ""}
          </p>
        )}

        <h2 className="govuk-heading-m">2. Score the bids</h2>
        {data.bids.length === 0 ? (
          <p className="govuk-body">Once you have declared your interests, the bids you have no conflict with are listed here.</p>
        ) : (
          <TableWrapper caption="Bids for you to score">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Bids for you to score</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Bid</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount requested</th>
                  <th scope="col" className="govuk-table__header">Your scores</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {data.bids.map((b) => (
                  <tr className="govuk-table__row" key={b.id}>
                    <td className="govuk-table__cell">
                      <Link className="govuk-link" to={`/panel/${tender.id}/bids/${b.id}`}>{b.label}</Link>
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{b.amount}</td>
                    <td className="govuk-table__cell">
                      {b.complete ? "Complete" : `${b.scored} of ${data.criteriaCount} criteria scored`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrapper>
        )}

        <h2 className="govuk-heading-m">3. Submit your scores</h2>
        {data.submitted ? (
          <div className="govuk-inset-text">
            You submitted your scores on {data.submitted}. They are locked: if you need to change one, ask the commissioning officer
            to reopen them.
          </div>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="submit" />
            {data.missing.length ? (
              <>
                <p className="govuk-body">Before you can submit:</p>
                <ul className="govuk-list govuk-list--bullet">
                  {data.missing.map((m) => <li key={m}>{m}</li>)}
                </ul>
              </>
            ) : (
              <p className="govuk-body">Every bid is scored. Once you submit, your scores are locked and you see the other members' scores.</p>
            )}
            <Button>Submit my scores</Button>
          </Form>
        )}
        </>
      )}

      {data.results ? (
        <>
          <h2 className="govuk-heading-m">The panel's scores</h2>
          <p className="govuk-body">Read only. The consensus is the score the panel agreed at moderation.</p>
          {data.results.map((b) => (
            <TableWrapper caption={`Scores for ${b.label}`} key={b.id}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">
                  {b.label}
                  {b.totalText ? ` – weighted total ${b.totalText}%${b.rank ? `, ranked ${b.rank}` : ""}` : ""}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Criterion</th>
                    <th scope="col" className="govuk-table__header">Members' scores</th>
                    <th scope="col" className="govuk-table__header">Spread</th>
                    <th scope="col" className="govuk-table__header">Consensus</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {b.rows.map((r) => (
                    <tr className="govuk-table__row" key={r.criterionId}>
                      <th scope="row" className="govuk-table__header">{r.criterionName}</th>
                      <td className="govuk-table__cell">
                        <ul className="govuk-list">
                          {r.scores.map((s, i) => (
                            <li key={i}>
                              <strong>{s.name}:</strong> {s.text}
                              {s.comment ? <span className="govuk-body-s govuk-!-display-block">{s.comment}</span> : null}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="govuk-table__cell">
                        {r.spreadText}
                        {r.flag ? <strong className="govuk-!-display-block">{r.flag}</strong> : null}
                      </td>
                      <td className="govuk-table__cell">
                        {r.consensus ? (
                          <>
                            {r.consensus.score} of {r.maxScore}
                            <span className="govuk-body-s govuk-!-display-block">{r.consensus.rationale}</span>
                          </>
                        ) : (
                          "Not agreed yet"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrapper>
          ))}
        </>
      ) : null}
    </>
  );
}
