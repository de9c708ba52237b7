import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, TextInput } from "~/components/forms";
import { fieldValue, formValues, type FormFailure } from "~/lib/forms";
import { getSettings, settingsBasis, updateSettings } from "~/models/admin/settings.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { parseSettingsForm, settingsFormValues } from "~/schemas/settings.server";
import { Form } from "~/components/form";
import { oidcConfig } from "~/services/oidc.server";

export const meta: MetaFunction = () => [{ title: "Settings – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:settings");
  const settings = await getSettings(getDb());
  return json({ settings, basis: settingsBasis(settings), form: settingsFormValues(settings), ssoConfigured: oidcConfig() !== null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:settings");
  const values = formValues(await request.formData());
  const parsed = parseSettingsForm(values);
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const basis = typeof values.basis === "string" && values.basis ? values.basis : undefined;
  try {
    await getDb().transaction().execute((trx) => updateSettings(trx, auditContext(user, context), parsed.data, basis));
  } catch (error) {
    return refusedForm(error, values);
  }
  return redirect("/admin/settings", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Settings have been saved" }) },
  });
}

export default function SettingsPage() {
  const { form, basis, ssoConfigured } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  const errors = result?.errors;
  const field = (name: string) => ({ name, defaultValue: fieldValue(values, name, form[name]), error: errors?.[name] });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-breadcrumbs">
          <ol className="govuk-breadcrumbs__list">
            <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/admin">Admin</Link></li>
          </ol>
        </div>
        <ErrorSummary errors={errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Settings</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="basis" value={basis} />
          <h2 className="govuk-heading-m">Names</h2>
          <TextInput {...field("council_name")} label="Council name" hint="Shown in the header of every page and in e-mails" />
          <TextInput {...field("programme_name")} label="Programme name" />
          <TextInput {...field("support_email")} label="Support e-mail address" hint="Where providers and staff are told to write with questions" type="email" autoComplete="off" spellCheck={false} />

          <h2 className="govuk-heading-m">Performance ratings</h2>
          <p className="govuk-body">
            Outcomes are rated green when they reach the green percentage of their target, amber when they reach the amber
            percentage, and red below that.
          </p>
          <TextInput {...field("rag_green_percent")} label="Green at or above (% of target)" width="3" inputMode="numeric" />
          <TextInput {...field("rag_amber_percent")} label="Amber at or above (% of target)" hint="Must be below the green percentage" width="3" inputMode="numeric" />
          <p className="govuk-body">
            Spending is rated green when it is within the green percentage of its profile, either way, amber within the amber
            percentage, and red beyond.
          </p>
          <TextInput {...field("spend_green_variance_percent")} label="Spend green within (± % of profile)" width="3" inputMode="numeric" />
          <TextInput {...field("spend_amber_variance_percent")} label="Spend amber within (± % of profile)" hint="Must be wider than the green variance" width="3" inputMode="numeric" />

          <h2 className="govuk-heading-m">Returns, visits and uploads</h2>
          <TextInput {...field("return_due_days")} label="Quarterly returns are due (days after the quarter ends)" width="3" inputMode="numeric" />
          <TextInput
            {...field("return_early_days")}
            label="Returns can be submitted early (days before the quarter ends)"
            hint="0 means a return can be submitted only once its quarter has ended. Up to 45 days"
            width="3"
            inputMode="numeric"
          />
          <TextInput
            {...field("visit_threshold_pounds")}
            label="Visit threshold"
            hint="Projects funded at or above this amount get a monitoring visit. In pounds, like 10000 or 10,000.00"
            width="10"
            inputMode="decimal"
            prefix="£"
          />
          <TextInput {...field("max_upload_mb")} label="Largest file people can upload (MB)" hint="Up to 100 MB" width="4" inputMode="decimal" />
          <h2 className="govuk-heading-m">Estimated costs avoided</h2>
          <TextInput
            {...field("uprating_default_percent")}
            label="Yearly uprating of unit costs (%)"
            hint="Unit costs are brought to the reporting year's prices by this rate for each year with no rate of its own. Like 2 or 2.5"
            width="4"
            inputMode="decimal"
          />
          <h2 className="govuk-heading-m">Sessions</h2>
          <TextInput
            {...field("session_idle_minutes")}
            label="Sign people out after this many minutes unused"
            hint="Between 5 and 480 minutes"
            width="3"
            inputMode="numeric"
          />
          <TextInput
            {...field("session_absolute_hours")}
            label="Sign people out after this many hours, however busy"
            hint="Between 1 and 72 hours"
            width="3"
            inputMode="numeric"
          />
          <Radios
            name="two_step_for"
            legend="Who must use two-step verification"
            hint="People who sign in with a password also enter a code from an app on their phone. Administrators always must"
            options={[
              { value: "admins", label: "Administrators only (others may choose to)" },
              { value: "everyone", label: "Everyone who signs in with a password" },
            ]}
            defaultValue={fieldValue(values, "two_step_for", form.two_step_for)}
            error={errors?.two_step_for}
          />
          {ssoConfigured ? (
            <Radios
              name="sso_required_for_staff"
              legend="Must council staff sign in with their council account?"
              hint="Officers, panel members and administrators. Providers and viewers can still use a password"
              options={[
                { value: "no", label: "No, they may use a password too" },
                { value: "yes", label: "Yes, only with their council account" },
              ]}
              defaultValue={fieldValue(values, "sso_required_for_staff", form.sso_required_for_staff)}
              error={errors?.sso_required_for_staff}
            />
          ) : (
            <input type="hidden" name="sso_required_for_staff" value={form.sso_required_for_staff} />
          )}
          <Button>Save settings</Button>
        </Form>
      </div>
    </div>
  );
}
