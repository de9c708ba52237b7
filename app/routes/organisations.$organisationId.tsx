import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { formatDate } from "~/lib/dates";
import { fieldValue, parseForm, type FormFailure } from "~/lib/forms";
import {
  approveOrganisation, getOrganisation, rejectOrganisation, type ApprovalResult, type Organisation,
} from "~/models/organisations/organisations.server";
import { getSettings } from "~/models/admin/settings.server";
import type { AuditContext } from "~/models/audit/record.server";
import { STATUS_LABELS, TYPE_LABELS } from "~/schemas/organisations";
import { approvalSchema, rejectionSchema } from "~/schemas/organisations.server";
import { auditContext, notFound, requirePermission } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { requireOrganisationViewer } from "~/http/organisations/access.server";
import { invitationEmail, registrationRejectedEmail } from "~/services/mail-templates.server";
import { appUrl } from "~/services/app-url.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { flash } from "~/services/session.server";
import { can } from "~/policies/index";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "Organisation"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, organisation } = await requireOrganisationViewer(request, params.organisationId);
  return json({
    organisation: { ...organisation, created: formatDate(organisation.createdAt) },
    canEdit: can(user, "organisations:edit"),
    canDecide: can(user, "organisations:approve") && organisation.status === "pending",
    isOwn: user.organisationId === organisation.id,
    backToList: can(user, "organisations:list"),
  });
}

function approvalMessage(name: string, result: ApprovalResult, sent: boolean): string {
  if (result.invited) {
    return sent
      ? `${name} is approved. ${result.contactName} has been sent an invitation to set up their account.`
      : `${name} is approved, but the invitation e-mail to ${result.contactEmail} could not be sent. Resend it from the user's page in Admin.`;
  }
  if (result.reason === "existing_account") {
    return `${name} is approved. ${result.contactEmail} already has an account, so no invitation was sent and the account was not linked to ${name}. An administrator can link it from the user's page.`;
  }
  return `${name} is approved. It has no contact e-mail address, so nobody was invited: an administrator can invite its users.`;
}

/** The officer's decision: approve, or reject with a reason. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organisations:approve");
  const organisation = await getOrganisation(getDb(), params.organisationId ?? "");
  if (!organisation) notFound();
  const form = await request.formData();
  const audit = auditContext(user, context);
  return dispatchIntent(form, {
    approve: () => approve(request, audit, organisation, form),
    reject: () => reject(request, audit, organisation, form),
  });
}

async function approve(request: Request, audit: AuditContext, organisation: Organisation, form: FormData) {
  const parsed = parseForm(approvalSchema, form);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const db = getDb();
  let result: ApprovalResult;
  try {
    result = await db.transaction().execute((trx) => approveOrganisation(trx, audit, organisation.id, parsed.data.version));
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  // Only once the approval has committed does the e-mail go out.
  const sent = result.invited
    ? await sendMailAfterCommit(
        invitationEmail({
          to: result.contactEmail,
          name: result.contactName,
          councilName: (await getSettings(db)).council_name,
          link: appUrl(`/accept-invitation/${result.token}`),
        }),
      )
    : true;
  return redirect(`/organisations/${organisation.id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: result.invited && sent ? "success" : "info", text: approvalMessage(organisation.name, result, sent) }) },
  });
}

async function reject(request: Request, audit: AuditContext, organisation: Organisation, form: FormData) {
  const parsed = parseForm(rejectionSchema, form);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const { version, reason } = parsed.data;
  const db = getDb();
  let rejected: Awaited<ReturnType<typeof rejectOrganisation>>;
  try {
    rejected = await db.transaction().execute((trx) => rejectOrganisation(trx, audit, organisation.id, version, reason));
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  const settings = await getSettings(db);
  const sent = rejected.contactEmail
    ? await sendMailAfterCommit(
        registrationRejectedEmail({
          to: rejected.contactEmail,
          name: rejected.contactName ?? rejected.name,
          organisationName: rejected.name,
          councilName: settings.council_name,
          reason,
          supportEmail: settings.support_email,
        }),
      )
    : false;
  const text = sent
    ? `The registration of ${rejected.name} is rejected. ${rejected.contactName ?? "The contact"} has been sent the reason.`
    : `The registration of ${rejected.name} is rejected. The contact could not be e-mailed: tell them the reason another way.`;
  return redirect(`/organisations/${organisation.id}`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
}

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{value || "Not given"}</dd>
    </div>
  );
}

export default function OrganisationView() {
  const { organisation: o, canEdit, canDecide, isOwn, backToList } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {backToList ? <Link to="/organisations" className="govuk-back-link">Back to organisations</Link> : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">
            <span className="govuk-caption-l">{isOwn ? "Your organisation" : TYPE_LABELS[o.type]}</span>
            {o.name}
          </h1>
          <dl className="govuk-summary-list">
            <Row label="Status" value={STATUS_LABELS[o.status]} />
            <Row label="Type" value={TYPE_LABELS[o.type]} />
            <Row label="Charity number" value={o.charityNumber} />
            <Row label="Company number" value={o.companyNumber} />
            <Row label="Organisation identifier" value={o.orgIdentifier} />
            <Row label="Address" value={o.address} />
            <Row label="Postcode" value={o.postcode} />
            <Row label="Contact name" value={o.contactName} />
            <Row label="Contact e-mail" value={o.contactEmail} />
            <Row label="Registered or added" value={o.created} />
          </dl>
          {canEdit ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/organisations/${o.id}/edit`}>
                Change the details<span className="govuk-visually-hidden"> of {o.name}</span>
              </Link>
            </p>
          ) : null}
          {isOwn && !canEdit ? (
            <p className="govuk-body">If any of these details are wrong, tell the commissioning team and they will correct them.</p>
          ) : null}

          {canDecide ? (
            <>
              <h2 className="govuk-heading-m">Decide on this registration</h2>
              <p className="govuk-body">
                Check the details against the charity or company register. Approving lets {o.name} bid for funding
                {o.contactEmail ? ` and e-mails ${o.contactName ?? "the contact"} (${o.contactEmail}) an invitation to set up an account` : ""}.
              </p>
              <Form method="post" noValidate>
                <input type="hidden" name="version" value={o.version} />
                <Button name="intent" value="approve">Approve {o.name}</Button>
              </Form>
              <Form method="post" noValidate>
                <input type="hidden" name="version" value={o.version} />
                <Textarea
                  name="reason"
                  label="Reason for rejecting"
                  hint={o.contactEmail ? `This is e-mailed to ${o.contactEmail}.` : "Give the reason in plain words."}
                  defaultValue={fieldValue(result?.values, "reason")}
                  error={result?.errors.reason}
                  rows={4}
                />
                <Button name="intent" value="reject" warning>Reject the registration</Button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
