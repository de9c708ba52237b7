// Start or continue the organisation's bid on a tender. An organisation has one live bid per
// tender: if it has one (draft or submitted), this goes straight to it. Starting a bid writes a
// record, so it takes a button (POST); the GET shows that button, and works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary } from "~/components/forms";
import { failure, type FormFailure } from "~/lib/forms";
import { formatPence } from "~/lib/money";
import type { SignedInUser } from "~/models/accounts/users.server";
import { auditContext, forbidden } from "~/http/guards.server";
import { requireTenderProvider } from "~/http/tenders/access.server";
import { flash } from "~/services/session.server";
import { formatClockOnDate } from "~/lib/dates";
import { can } from "~/policies/index";
import { type BidRecord } from "~/policies/bids";
import { type LoadedTender } from "~/models/tenders/read.server";
import { notOpenMessage } from "~/models/bids/load.server";
import { getLiveBidId, startBid } from "~/models/bids/save.server";
import { organisationMayBid } from "~/models/bids/list.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bid for ${data?.tender.title ?? "a tender"} – Early help portal` },
];

const NOT_APPROVED = "Your organisation's registration has not been approved yet, so it cannot bid. The council will e-mail your contact when it is.";

/** The tender, for a provider acting for their organisation. */
function tenderForBidder(request: Request, tenderId: string | undefined) {
  return requireTenderProvider(request, tenderId, "Only providers can bid for tenders.");
}

/** The rule "bid:edit" asked of the bid this organisation would start: its own, tender open. */
function mayStart(user: SignedInUser, tender: LoadedTender, organisationId: string): boolean {
  const record: BidRecord = { organisationId, status: "draft", tender: tender.record, conflictedUserIds: [], declaredUserIds: [] };
  return can(user, "bid:edit", record);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender, organisationId } = await tenderForBidder(request, params.tenderId);
  const db = getDb();
  const live = await getLiveBidId(db, tender.id, organisationId);
  if (live) throw redirect(`/bids/${live}`);
  const [approved, detail, withdrawn] = await Promise.all([
    organisationMayBid(db, organisationId),
    db.selectFrom("tenders").select(["max_budget_pence"]).where("id", "=", tender.id).executeTakeFirstOrThrow(),
    db.selectFrom("bids").select("id").where("tender_id", "=", tender.id).where("organisation_id", "=", organisationId)
      .where("status", "=", "withdrawn").executeTakeFirst(),
  ]);
  const problem = !approved ? NOT_APPROVED : mayStart(user, tender, organisationId) ? null : notOpenMessage(tender, "started");
  return json({
    tender: {
      id: tender.id,
      reference: tender.reference,
      title: tender.title,
      closes: formatClockOnDate(tender.closesAt),
      maxBudget: formatPence(Number(detail.max_budget_pence)),
    },
    problem,
    hasWithdrawn: !!withdrawn,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, tender, organisationId } = await tenderForBidder(request, params.tenderId);
  const db = getDb();
  // Starting again goes to the bid the organisation already has, whatever the clock says.
  const live = await getLiveBidId(db, tender.id, organisationId);
  if (live) {
    return redirect(`/bids/${live}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "info", text: "Your organisation already has a bid for this tender. This is it." }) },
    });
  }
  if (!(await organisationMayBid(db, organisationId))) forbidden(user, NOT_APPROVED);
  if (!mayStart(user, tender, organisationId)) {
    return json<FormFailure>(failure({}, {}, notOpenMessage(tender, "started")), { status: 400 });
  }
  const started = await startBid(db, auditContext(user, context), { tenderId: tender.id, organisationId, userId: user.id });
  const text = !started.created
    ? "Your organisation already has a bid for this tender. This is it."
    : started.copiedFrom
      ? "You have started a new bid. It starts as a copy of your withdrawn bid: change what you need, then submit it before the closing time."
      : "You have started a bid. Save it as a draft at any time; anyone in your organisation can carry on with it.";
  return redirect(`/bids/${started.id}`, { headers: { "Set-Cookie": await flash(request, { kind: started.created ? "success" : "info", text }) } });
}

export default function StartBid() {
  const { tender, problem, hasWithdrawn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Link to={`/tenders/${tender.id}`} className="govuk-back-link">Back to the tender</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{tender.reference}</span>
            Bid for {tender.title}
          </h1>
          {problem ? (
            <div className="govuk-inset-text">{problem}</div>
          ) : (
            <>
              <p className="govuk-body">
                Bids close at <strong>{tender.closes}</strong>. You can ask for up to {tender.maxBudget}.
              </p>
              <p className="govuk-body">
                Your bid is saved as a draft as you go. Anyone in your organisation can work on it, and nobody at the council can
                read it before the tender closes.
              </p>
              {hasWithdrawn ? (
                <p className="govuk-body">Your organisation withdrew a bid for this tender. The new bid starts as a copy of it.</p>
              ) : null}
              <Form method="post">
                <Button>Start your bid</Button>
              </Form>
            </>
          )}
        </div>
      </div>
    </>
  );
}
