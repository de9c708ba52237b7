import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { changePassword } from "~/models/accounts/credentials.server";
import { changePasswordSchema, MIN_PASSWORD_LENGTH } from "~/schemas/accounts";
import { failure, parseForm } from "~/lib/forms";
import { auditContext, requireUser } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { ROLE_LABELS } from "~/policies/actor";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Your account – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [organisation, districts] = await Promise.all([
    user.organisationId
      ? db.selectFrom("organisations").select("name").where("id", "=", user.organisationId).executeTakeFirst()
      : undefined,
    user.districtIds.length
      ? db.selectFrom("districts").select("name").where("id", "in", [...user.districtIds]).orderBy("name").execute()
      : [],
  ]);
  return json({
    name: user.name,
    email: user.email,
    roles: user.roles.map((r) => ROLE_LABELS[r]),
    organisation: organisation?.name ?? null,
    scope: user.roles.includes("officer") ? (user.countyWide ? "County-wide" : districts.map((d) => d.name).join(", ") || "No districts yet") : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = parseForm(changePasswordSchema, await request.formData());
  if (!result.ok) return json(result, { status: 400 });
  const changed = await changePassword(getDb(), auditContext(user, context), user.id, result.data.currentPassword, result.data.password);
  if (!changed) return json(failure(result.values, { currentPassword: "Your current password is not correct" }), { status: 400 });
  return redirect("/account", { headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Your password has been changed." }) } });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const rows: [string, string | null][] = [
    ["Name", data.name],
    ["E-mail address", data.email],
    ["Roles", data.roles.join(", ") || "None"],
    ["Organisation", data.organisation],
    ["Districts", data.scope],
  ];
  return (
    <>
      <ErrorSummary errors={result?.errors} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">Your account</h1>
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        {rows.filter(([, v]) => v !== null).map(([k, v]) => (
          <div className="govuk-summary-list__row" key={k}>
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="govuk-body">To change your name, roles or organisation, ask the portal administrator.</p>
      <h2 className="govuk-heading-m">Change your password</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Form method="post" noValidate>
            <TextInput name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={result?.errors.currentPassword} />
            <TextInput name="password" label="New password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={result?.errors.password} />
            <TextInput name="confirmPassword" label="Confirm your new password" type="password" autoComplete="new-password" error={result?.errors.confirmPassword} />
            <Button>Change password</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
