import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb, type Executor } from "../../db/client";
import { ROLES } from "../../db/schema";
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextInput } from "~/components/forms";
import { failure, fieldValue, fieldValues, parseForm, type FormFailure, type FormValues } from "~/lib/forms";
import { getSettings } from "~/models/admin/settings.server";
import { inviteUser, normaliseEmail } from "~/models/accounts/users.server";
import { choiceErrors, inviteUserSchema, toAccessInput } from "~/schemas/users";
import { auditContext, requirePermission } from "~/http/guards.server";
import { sendMailAfterCommit } from "~/services/mail.server";
import { appUrl, invitationEmail } from "~/services/mail-templates.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";
import { ROLE_LABELS } from "~/policies/actor";

export const meta: MetaFunction = () => [{ title: "Invite a user – Early help portal" }];

/**
 * What the organisation and district pickers offer: approved providers (and the user's
 * current organisation, so editing someone whose organisation is still pending does not
 * lose it) and every district. Kept here, and small, until the organisations model offers its own.
 */
export async function userAccessChoices(db: Executor, currentOrganisationId: string | null = null) {
  const [organisations, districts] = await Promise.all([
    db
      .selectFrom("organisations")
      .select(["id", "name"])
      .where((eb) =>
        eb.or([
          eb.and([eb("type", "=", "provider"), eb("status", "=", "approved")]),
          eb("id", "=", currentOrganisationId ?? ""),
        ]),
      )
      .orderBy("name")
      .orderBy("id")
      .execute(),
    db.selectFrom("districts").select(["id", "name"]).orderBy("name").orderBy("id").execute(),
  ]);
  return { organisations, districts };
}

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  provider: "Works for a provider organisation: bids for funding and reports on projects",
  panel: "Scores bids on the tender panel",
  officer: "Commissions projects and approves providers in their districts",
  viewer: "Sees district performance, for example a partnership board member",
  admin: "Manages users, reference data and settings",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  return json(await userAccessChoices(getDb()));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:users");
  const form = await request.formData();
  const parsed = parseForm(inviteUserSchema, form);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });

  const db = getDb();
  const input = { ...toAccessInput(parsed.data), email: parsed.data.email };
  const { organisations, districts } = await userAccessChoices(db);
  const invalid = choiceErrors(input, { organisationIds: organisations.map((o) => o.id), districtIds: districts.map((d) => d.id) });
  if (Object.keys(invalid).length) return json<FormFailure>(failure(parsed.values, invalid), { status: 400 });

  let invited: { userId: string; token: string };
  try {
    invited = await db.transaction().execute((trx) => inviteUser(trx, auditContext(user, context), input));
  } catch (error) {
    if (error instanceof DuplicateError) {
      return json<FormFailure>(failure(parsed.values, { [error.field]: error.message }), { status: 400 });
    }
    throw error;
  }

  const { council_name: councilName } = await getSettings(db);
  const email = normaliseEmail(input.email);
  const sent = await sendMailAfterCommit(
    invitationEmail({ to: email, name: input.name, councilName, link: appUrl(request, `/accept-invitation/${invited.token}`) }),
  );
  const text = sent
    ? `Invitation sent to ${input.name} (${email})`
    : `${input.name}'s account was created, but the invitation e-mail could not be sent. Use "Resend invitation" to try again.`;
  return redirect(`/admin/users/${invited.userId}`, {
    headers: { "Set-Cookie": await flash(request, { kind: sent ? "success" : "info", text }) },
  });
}

export default function InviteUser() {
  const { organisations, districts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors ?? {};
  return (
    <>
      <Link to="/admin/users" className="govuk-back-link">Back to users</Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
          <h1 className="govuk-heading-l">Invite a user</h1>
          <p className="govuk-body">
            They will get an e-mail with a link to set their password. The link works once and expires in 7 days.
          </p>
          <Form method="post" noValidate>
            <TextInput name="name" label="Full name" autoComplete="off" spellCheck={false} defaultValue={fieldValue(values, "name")} error={errors.name} />
            <TextInput
              name="email"
              label="E-mail address"
              type="email"
              autoComplete="off"
              spellCheck={false}
              defaultValue={fieldValue(values, "email")}
              error={errors.email}
            />
            <UserAccessFields values={values} errors={errors} organisations={organisations} districts={districts} />
            <Button>Send invitation</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

/** Roles, organisation and district scope. The user's page shows the same fields. */
export function UserAccessFields({ values, errors, organisations, districts, current }: {
  values: FormValues | undefined;
  errors: Record<string, string>;
  organisations: { id: string; name: string }[];
  districts: { id: string; name: string }[];
  /** The record's values, shown until the form comes back with what was typed. */
  current?: { roles: string[]; organisationId: string | null; countyWide: boolean; districtIds: string[] };
}) {
  return (
    <>
      <Checkboxes
        name="roles"
        legend="Roles"
        hint="Select all that apply."
        error={errors.roles}
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: ROLE_HINTS[r] }))}
        defaultValues={fieldValues(values, "roles", current?.roles)}
      />
      <Select
        name="organisationId"
        label="Provider organisation"
        hint="Only for providers: the organisation they work for."
        error={errors.organisationId}
        emptyLabel="Not a provider"
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        defaultValue={fieldValue(values, "organisationId", current?.organisationId)}
      />
      <Radios
        name="countyWide"
        legend="Does this officer cover the whole county?"
        hint="Only for commissioning officers."
        error={errors.countyWide}
        inline
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
        defaultValue={fieldValue(values, "countyWide", current?.countyWide ? "yes" : "no")}
      />
      <Checkboxes
        name="districts"
        legend="Districts this officer covers"
        hint="Only for commissioning officers who do not cover the whole county."
        error={errors.districts}
        small
        options={districts.map((d) => ({ value: d.id, label: d.name }))}
        defaultValues={fieldValues(values, "districts", current?.districtIds)}
      />
    </>
  );
}
