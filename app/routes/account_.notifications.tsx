// The e-mails an officer or administrator gets when something is waiting for them: each on
// until they turn it off here. Only the e-mails about work the rules let them do are offered.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, Checkboxes, ErrorSummary } from "~/components/forms";
import { Form } from "~/components/form";
import { failure, parseForm, type FormFailure } from "~/lib/forms";
import { auditContext, requireUser } from "~/http/guards.server";
import { getNotificationChoices, notificationsFor, saveNotificationChoices } from "~/models/notifications/officers.server";
import { OFFICER_NOTIFICATION_LABELS } from "~/schemas/notifications";
import { notificationChoicesSchema } from "~/schemas/notifications.server";
import { flash } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "E-mail notifications – Your account – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const choices = await getNotificationChoices(getDb(), user);
  return json({
    email: user.email,
    options: choices.map((c) => ({ value: c.kind, ...OFFICER_NOTIFICATION_LABELS[c.kind] })),
    on: choices.filter((c) => c.on).map((c) => c.kind),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(notificationChoicesSchema, await request.formData());
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const offered = notificationsFor(user);
  if (parsed.data.kinds.some((kind) => !offered.includes(kind))) {
    return json<FormFailure>(failure(parsed.values, { kinds: "Choose from the e-mails listed" }), { status: 400 });
  }
  const db = getDb();
  const changed = await db.transaction().execute((trx) => saveNotificationChoices(trx, auditContext(user, context), user, parsed.data.kinds));
  return redirect("/account/notifications", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: changed ? "Your e-mail notifications have been saved." : "Nothing has changed." }) },
  });
}

export default function Notifications() {
  const { email, options, on } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const ticked = result?.values?.kinds;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/account" className="govuk-back-link">Your account</Link>
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">E-mail notifications</h1>
        {options.length === 0 ? (
          <p className="govuk-body">There are no e-mail notifications to choose for your account.</p>
        ) : (
          <Form method="post" noValidate>
            <Checkboxes
              name="kinds"
              legend={<>E-mail me at <span className="portal-break-all">{email}</span> when:</>}
              hint="Untick any you do not want. You can still see everything waiting for you in the portal."
              options={options}
              defaultValues={Array.isArray(ticked) ? ticked : on}
              error={result?.errors?.kinds}
            />
            <Button>Save notifications</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
