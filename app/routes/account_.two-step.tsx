import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { Form } from "~/components/form";
import { RecoveryCodes, TwoStepSetupForm, type SetupFormProps } from "~/components/two-step";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import { formatDateTime } from "~/lib/dates";
import { getSettings } from "~/models/admin/settings.server";
import { CODE_MESSAGES, disableTwoStep, getTwoStepStatus, replaceRecoveryCodes, twoStepRequired } from "~/models/accounts/two-step.server";
import { newSetupForm, setUpFromForm } from "~/http/accounts/two-step.server";
import { auditContext, requireUser } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { checkCodeThrottled, SignInError } from "~/services/auth.server";
import { currentSession, flash } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Two-step verification – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const [status, settings] = await Promise.all([getTwoStepStatus(db, user.id), getSettings(db)]);
  return json({
    enabledAt: status.enabledAt ? formatDateTime(status.enabledAt) : null,
    recoveryCodesLeft: status.recoveryCodesLeft,
    required: twoStepRequired(user.roles, settings.two_step_for),
    setup: status.enabled ? null : await newSetupForm(db, user),
  }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const form = await request.formData();
  const audit = auditContext(user, context);
  const noStore = { "Cache-Control": "no-store" };
  /** Turning it off or replacing the codes needs a current code: a session left open is not enough. */
  const confirmed = async (): Promise<FormFailure | null> => {
    const code = String(form.get("code") ?? "").trim();
    if (!code) return failure({}, { code: CODE_MESSAGES.enterCode });
    if (code.length > 50) return failure({}, { code: CODE_MESSAGES.wrongCode });
    try {
      await checkCodeThrottled(db, { userId: user.id, code, ip: audit.ip ?? "unknown" });
      return null;
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      return failure({}, error.field ? { code: error.message } : {}, error.field ? undefined : error.message);
    }
  };
  return dispatchIntent(form, {
    "set-up": async () => {
      const outcome = await setUpFromForm(db, audit, user, form, (await currentSession(request))?.id ?? null);
      if (!outcome.ok) return json(outcome, { status: 400 });
      return json({ ok: true as const, recoveryCodes: outcome.recoveryCodes, heading: "Two-step verification is on" }, { headers: noStore });
    },
    "new-recovery-codes": async () => {
      const refused = await confirmed();
      if (refused) return json({ ...refused, setup: null }, { status: 400 });
      const recoveryCodes = await db.transaction().execute((trx) => replaceRecoveryCodes(trx, audit, user.id));
      return json({ ok: true as const, recoveryCodes, heading: "You have new recovery codes" }, { headers: noStore });
    },
    "turn-off": async () => {
      if (twoStepRequired(user.roles, (await getSettings(db)).two_step_for)) {
        return json({ ...failure({}, {}, "Your account must use two-step verification, so it cannot be turned off"), setup: null }, { status: 400 });
      }
      const refused = await confirmed();
      if (refused) return json({ ...refused, setup: null }, { status: 400 });
      await db.transaction().execute((trx) => disableTwoStep(trx, audit, user.id));
      return redirect("/account", { headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Two-step verification is off" }) } });
    },
  });
}

/** Recovery codes come in the action's answer: reloading the page's data after it would show a new set-up form instead. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "recoveryCodes" in actionResult ? false : defaultShouldRevalidate;

export default function TwoStepPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const breadcrumbs = (
    <div className="govuk-breadcrumbs">
      <ol className="govuk-breadcrumbs__list">
        <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/account">Your account</Link></li>
      </ol>
    </div>
  );
  if (result && "recoveryCodes" in result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {breadcrumbs}
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">{result.heading}</h1>
          </div>
          <h2 className="govuk-heading-m">Save your recovery codes</h2>
          <RecoveryCodes codes={result.recoveryCodes} continueTo="/account" continueLabel="Back to your account" />
        </div>
      </div>
    );
  }
  const failed = result && !result.ok ? result : undefined;
  const setup: SetupFormProps["setup"] | null = (failed && "setup" in failed ? (failed.setup as SetupFormProps["setup"] | null) : null) ?? data.setup;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {breadcrumbs}
        <ErrorSummary errors={failed?.errors} formError={failed?.formError} submissionId={failed?.submissionId} />
        <h1 className="govuk-heading-l">Two-step verification</h1>
        {setup ? (
          <>
            <p className="govuk-body">
              {data.required
                ? "Your account must use two-step verification."
                : "Two-step verification keeps your account safe if someone learns your password: signing in also needs a code from an app on your phone."}
            </p>
            <TwoStepSetupForm setup={setup} error={failed?.errors.code} />
          </>
        ) : (
          <>
            <p className="govuk-body">
              Two-step verification has been on since {data.enabledAt}. You have {data.recoveryCodesLeft} unused recovery{" "}
              {data.recoveryCodesLeft === 1 ? "code" : "codes"}.
            </p>
            <h2 className="govuk-heading-m">Confirm with a code</h2>
            <Form method="post" noValidate>
              <TextInput
                name="code"
                label="Code from your authenticator app"
                hint="Needed to get new recovery codes or to turn two-step verification off"
                width="10"
                autoComplete="one-time-code"
                spellCheck={false}
                error={failed?.errors.code}
              />
              <div className="govuk-button-group">
                <Button name="intent" value="new-recovery-codes" secondary>Get new recovery codes</Button>
                {data.required ? null : <Button name="intent" value="turn-off" warning>Turn off two-step verification</Button>}
              </div>
            </Form>
            {data.required ? <p className="govuk-body">Your account must use two-step verification, so it cannot be turned off.</p> : null}
          </>
        )}
      </div>
    </div>
  );
}
