// Withdrawing a bid before the closing time. The organisation may then start a new bid on
// the same tender; the new draft starts as a copy of this one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { failure, formValues, type FormFailure, readVersion } from "~/lib/forms";
import { MESSAGES } from "~/schemas/bids";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { formatClockOnDate } from "~/lib/dates";
import { can } from "~/policies/index";
import { notOpenMessage } from "~/models/bids/load.server";
import { withdrawBid } from "~/models/bids/submit.server";
import { requireOwnBid } from "~/http/bids/access.server";
import { BID_LIVE } from "~/models/statuses";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Withdraw your bid – Early help portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid } = await requireOwnBid(request, params.bidId);
  if (!BID_LIVE.includes(bid.status)) throw redirect(`/bids/${bid.id}`);
  const row = await getDb().selectFrom("bids").select(["title"]).where("id", "=", bid.id).executeTakeFirstOrThrow();
  return json({
    bid: { id: bid.id, title: row.title, status: bid.status, version: bid.version },
    tender: { reference: bid.tender.reference, title: bid.tender.title, closes: formatClockOnDate(bid.tender.closesAt) },
    problem: can(user, "bid:edit", bid.record) ? null : notOpenMessage(bid.tender, "withdrawn"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const now = new Date();
  const { user, bid } = await requireOwnBid(request, params.bidId, now);
  const values = formValues(await request.formData());
  const version = readVersion(values.version);
  if (version === null) return json<FormFailure>(failure(values, {}, MESSAGES.version), { status: 400 });
  if (bid.status === "withdrawn") {
    return redirect("/bids", { headers: { "Set-Cookie": await flash(request, { kind: "info", text: "This bid had already been withdrawn." }) } });
  }
  if (!can(user, "bid:edit", bid.record)) {
    return json<FormFailure>(failure(values, {}, notOpenMessage(bid.tender, "withdrawn")), { status: 400 });
  }
  const outcome = await getDb().transaction().execute((trx) => withdrawBid(trx, auditContext(user, context), { bidId: bid.id, version }, now));
  if (outcome.outcome === "refused") return json<FormFailure>(failure(values, {}, outcome.message), { status: outcome.status });
  const text = outcome.outcome === "withdrawn"
    ? `Your bid for ${bid.tender.reference} has been withdrawn. You can start a new one until the tender closes: it will start as a copy of this one.`
    : "This bid had already been withdrawn.";
  return redirect("/bids", { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

export default function WithdrawBid() {
  const { bid, tender, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Link to={`/bids/${bid.id}`} className="govuk-back-link">Back to your bid</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{tender.reference} – {tender.title}</span>
            Are you sure you want to withdraw {bid.status === "draft" ? "this draft" : "your bid"}?
          </h1>
          {problem ? (
            <div className="govuk-inset-text">{problem}</div>
          ) : (
            <>
              <p className="govuk-body">
                {bid.status === "submitted"
                  ? "The council will not consider a withdrawn bid."
                  : "Nobody will be able to carry on with this draft."}{" "}
                Until the tender closes at {tender.closes}, your organisation can start a new bid, which begins as a copy of this one.
              </p>
              <Form method="post">
                <input type="hidden" name="version" value={bid.version} />
                <div className="govuk-button-group">
                  <Button warning>Withdraw {bid.status === "draft" ? "this draft" : "your bid"}</Button>
                  <Link className="govuk-link" to={`/bids/${bid.id}`}>Cancel</Link>
                </div>
              </Form>
            </>
          )}
        </div>
      </div>
    </>
  );
}
