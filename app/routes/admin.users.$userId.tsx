import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { formatDateTime } from "~/lib/dates";
import { failure, fieldValue, formValues, parseForm, type FieldErrors, type FormFailure } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { getUser, reissueInvitation, setUserActive, updateUserAccess, userAccessChoices, type UserDetail } from "~/models/accounts/users.server";
import { ALREADY_ACTIVE, ALREADY_DEACTIVATED, CANNOT_DEACTIVATE_SELF, CANNOT_REMOVE_OWN_ADMIN, choiceErrors, NOT_INVITED, toAccessInput } from "~/schemas/users";
import { updateAccessSchema, userVersionSchema } from "~/schemas/users.server";
import { auditContext, clientIpOf, notFound, requirePermission } from "~/http/guards.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { invitationEmail } from "~/services/mail-templates.server";
import { appUrl } from "~/services/app-url.server";
import { flash, renewSession } from "~/services/session.server";
import { UserAccessFields } from "~/components/user-access-fields";
import { refusedForm } from "~/http/errors.server";
import { dispatchIntent } from "~/http/intents.server";
import { disableTwoStep } from "~/models/accounts/two-step.server";
import { endUserSessions } from "~/models/accounts/sessions.server";
import { ROLE_LABELS } from "~/policies/actor";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.person.name} – Users – Early help portal` : "User – Early help portal" },
];

const STATUS = {
  active: { label: "Active", tag: "govuk-tag govuk-tag--green" },
  invited: { label: "Invited, has not yet set a password", tag: "govuk-tag govuk-tag--blue" },
  deactivated: { label: "Deactivated", tag: "govuk-tag govuk-tag--grey" },
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:users");
  const db = getDb();
  const person = await getUser(db, params.userId ?? "");
  if (!person) notFound();
  const choices = await userAccessChoices(db, person.organisationId);
  const districtNames = new Map(choices.districts.map((d) => [d.id, d.name]));
  const locked = !!person.lockedUntil && person.lockedUntil > new Date().toISOString();
  return json({
    person,
    ...choices,
    isSelf: person.id === user.id,
    roleLabels: person.roles.map((r) => ROLE_LABELS[r]),
    scope: scopeOf(person, districtNames),
    lastSignIn: formatDateTime(person.lastSignInAt),
    lockedUntil: locked ? formatDateTime(person.lockedUntil) : "",
  });
}

function scopeOf(person: UserDetail, districtNames: Map<string, string>): string {
  if (!person.roles.includes("officer")) return "Not an officer";
  if (person.countyWide) return "County-wide: every district";
  const names = person.districtIds.map((id) => districtNames.get(id) ?? id).sort((a, b) => a.localeCompare(b));
  return names.length ? names.join(", ") : "No districts yet";
}

/** The page's forms: change the details, deactivate, reactivate, resend the invitation, reset two-step verification. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:users");
  const db = getDb();
  const person = await getUser(db, params.userId ?? "");
  if (!person) notFound();
  const form = await request.formData();
  const values = formValues(form);
  const audit = auditContext(user, context);
  const isSelf = person.id === user.id;
  const refuse = (errors: FieldErrors, formError?: string) => json<FormFailure>(failure(values, errors, formError), { status: 400 });
  const done = async (text: string) =>
    redirect(`/admin/users/${person.id}`, { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
  /** Runs a change the page's version guards; a colleague's change in between comes back as the form's error. */
  const saving = async (save: () => Promise<unknown>, text: string) => {
    try {
      await save();
    } catch (error) {
      return refusedForm(error, values);
    }
    return done(text);
  };

  return dispatchIntent(form, {
    update: async () => {
      const parsed = parseForm(updateAccessSchema, values);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      const input = toAccessInput(parsed.data);
      if (isSelf && !input.roles.includes("admin")) return refuse({ roles: CANNOT_REMOVE_OWN_ADMIN });
      const choices = await userAccessChoices(db, person.organisationId);
      const invalid = choiceErrors(input, {
        organisationIds: choices.organisations.map((o) => o.id),
        districtIds: choices.districts.map((d) => d.id),
      });
      if (Object.keys(invalid).length) return refuse(invalid);
      // Changing someone's roles signs them out everywhere; an administrator changing their
      // own keeps this session, renewed under a new token.
      try {
        await db.transaction().execute((trx) => updateUserAccess(trx, audit, person.id, parsed.data.version, input));
      } catch (error) {
        return refusedForm(error, values);
      }
      const headers = new Headers({ "Set-Cookie": await flash(request, { kind: "success", text: `${input.name}'s details have been saved` }) });
      const renewed = isSelf ? await renewSession(request, db, { ip: clientIpOf(context), userAgent: request.headers.get("User-Agent") }) : null;
      if (renewed) headers.append("Set-Cookie", renewed);
      return redirect(`/admin/users/${person.id}`, { headers });
    },
    deactivate: async () => {
      const parsed = parseForm(userVersionSchema, values);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      if (isSelf) return refuse({}, CANNOT_DEACTIVATE_SELF);
      if (person.status === "deactivated") return refuse({}, ALREADY_DEACTIVATED);
      return saving(
        () => db.transaction().execute((trx) => setUserActive(trx, audit, person.id, parsed.data.version, false)),
        `${person.name}'s account has been deactivated. They can no longer sign in.`,
      );
    },
    reactivate: async () => {
      const parsed = parseForm(userVersionSchema, values);
      if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
      if (person.status !== "deactivated") return refuse({}, ALREADY_ACTIVE);
      return saving(() => db.transaction().execute((trx) => setUserActive(trx, audit, person.id, parsed.data.version, true)), `${person.name}'s account has been reactivated`);
    },
    "reset-two-step": async () => {
      if (isSelf) return refuse({}, "You cannot reset your own two-step verification. Use your account page, or ask another administrator");
      // Usually a lost or stolen phone: whoever has it is signed out too.
      const reset = await db.transaction().execute(async (trx) => {
        const done = await disableTwoStep(trx, audit, person.id);
        if (done) await endUserSessions(trx, person.id);
        return done;
      });
      if (!reset) return refuse({}, `${person.name} does not use two-step verification`);
      return done(`${person.name}'s two-step verification has been reset. They will set it up again when they next sign in, if their account needs it.`);
    },
    "resend-invitation": async () => {
      if (person.status !== "invited") return refuse({}, NOT_INVITED);
      const token = await db.transaction().execute((trx) => reissueInvitation(trx, audit, person.id));
      const { council_name: councilName } = await getSettings(db);
      const sent = await sendMailAfterCommit(
        invitationEmail({ to: person.email, name: person.name, councilName, link: appUrl(`/accept-invitation/${token}`) }),
      );
      if (!sent) return json<FormFailure>(failure(values, {}, "The invitation e-mail could not be sent. Try again later."), { status: 502 });
      return done(`A new invitation has been sent to ${person.email}. Earlier invitation links no longer work.`);
    },
  });
}

export default function UserPage() {
  const { person, organisations, districts, isSelf, roleLabels, scope, lastSignIn, lockedUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Only the edit form's own submission refills it; a failed button press leaves it as stored.
  const values = result?.values.intent === "update" ? result.values : undefined;
  const errors = values ? result?.errors ?? {} : {};
  const status = STATUS[person.status];
  return (
    <>
      <Link to="/admin/users" className="govuk-back-link">Back to users</Link>
      <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">
        <span className="govuk-caption-l">{person.email}</span>
        {person.name}
      </h1>

      <dl className="govuk-summary-list">
        <SummaryRow label="Status">
          <strong className={status.tag}>{status.label}</strong>
        </SummaryRow>
        <SummaryRow label="Roles">{roleLabels.length ? roleLabels.join(", ") : "No role"}</SummaryRow>
        <SummaryRow label="Organisation">{person.organisationName ?? "None"}</SummaryRow>
        <SummaryRow label="District scope">{scope}</SummaryRow>
        <SummaryRow label="Last sign-in">{lastSignIn || "Never"}</SummaryRow>
        <SummaryRow label="Locked until">{lockedUntil || "Not locked"}</SummaryRow>
        <SummaryRow label="Two-step verification">{person.twoStepEnabled ? "On" : "Off"}</SummaryRow>
      </dl>

      {person.status === "invited" || !isSelf ? (
        <div className="govuk-button-group">
          {person.status === "invited" ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="resend-invitation" />
              <Button secondary>Resend invitation</Button>
            </Form>
          ) : null}
          {!isSelf && person.status !== "deactivated" ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="deactivate" />
              <input type="hidden" name="version" value={person.version} />
              <Button warning>Deactivate account</Button>
            </Form>
          ) : null}
          {!isSelf && person.twoStepEnabled ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reset-two-step" />
              <Button secondary>Reset two-step verification</Button>
            </Form>
          ) : null}
          {person.status === "deactivated" ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reactivate" />
              <input type="hidden" name="version" value={person.version} />
              <Button secondary>Reactivate account</Button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Change name, roles and scope</h2>
          {isSelf ? (
            <p className="govuk-body">This is your own account. You cannot remove your administrator role or deactivate it.</p>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="update" />
            {/* Always the version just loaded: after a clash the page shows the current details and saving again is a fresh decision. */}
            <input type="hidden" name="version" value={person.version} />
            <TextInput name="name" label="Full name" autoComplete="off" spellCheck={false} defaultValue={fieldValue(values, "name", person.name)} error={errors.name} />
            <UserAccessFields
              values={values}
              errors={errors}
              organisations={organisations}
              districts={districts}
              current={{ roles: person.roles, organisationId: person.organisationId, countyWide: person.countyWide, districtIds: person.districtIds }}
            />
            <Button>Save changes</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
