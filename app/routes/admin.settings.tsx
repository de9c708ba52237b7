import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { failure, fieldValue, formValues, type FieldErrors, type FormFailure } from "~/lib/forms";
import { getSettings, settingsBasis, updateSettings, type Settings } from "~/models/admin/settings.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { parsePoundsToPence } from "~/lib/figures";
import { StaleEditError } from "~/models/errors";
import { settingsSchema } from "~/schemas/settings";

export const meta: MetaFunction = () => [{ title: "Settings – Early help portal" }];

const MB = 1024 * 1024;

export const SETTINGS_MESSAGES = {
  visitThreshold: "Enter the visit threshold in pounds, like 10000 or 10,000.00",
  maxUpload: "Enter the largest file size in MB, like 10 or 2.5",
} as const;

/** Two fields are typed in the units people think in and stored in others. */
const FORM_FIELD: Partial<Record<keyof Settings, string>> = {
  visit_threshold_pence: "visit_threshold_pounds",
  max_upload_bytes: "max_upload_mb",
};

const poundsForForm = (pence: number): string => (pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2));
const mbForForm = (bytes: number): string => String(Number((bytes / MB).toFixed(2)));

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:settings");
  const settings = await getSettings(getDb());
  return json({
    settings,
    basis: settingsBasis(settings),
    form: {
      ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)])),
      visit_threshold_pounds: poundsForForm(settings.visit_threshold_pence),
      max_upload_mb: mbForForm(settings.max_upload_bytes),
    } as Record<string, string>,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:settings");
  const values = formValues(await request.formData());
  const text = (name: string): string => (typeof values[name] === "string" ? (values[name] as string) : "");
  const errors: FieldErrors = {};

  const visitPence = parsePoundsToPence(text("visit_threshold_pounds"));
  if (visitPence === null) errors.visit_threshold_pounds = SETTINGS_MESSAGES.visitThreshold;
  const mbText = text("max_upload_mb").trim();
  const uploadBytes = /^\d+(\.\d{1,2})?$/.test(mbText) ? Math.round(Number(mbText) * MB) : null;
  if (uploadBytes === null) errors.max_upload_mb = SETTINGS_MESSAGES.maxUpload;

  const parsed = settingsSchema.safeParse({
    council_name: text("council_name"),
    programme_name: text("programme_name"),
    rag_green_percent: text("rag_green_percent").trim(),
    rag_amber_percent: text("rag_amber_percent").trim(),
    spend_green_variance_percent: text("spend_green_variance_percent").trim(),
    spend_amber_variance_percent: text("spend_amber_variance_percent").trim(),
    return_due_days: text("return_due_days").trim(),
    // A placeholder where the field already has its own message, so it is not reported twice.
    visit_threshold_pence: visitPence ?? 0,
    max_upload_bytes: uploadBytes ?? 10 * MB,
    uprating_default_percent: text("uprating_default_percent").trim(),
    support_email: text("support_email").trim(),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form") as keyof Settings;
      errors[FORM_FIELD[key] ?? key] ??= issue.message;
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return json<FormFailure>(failure(values, errors), { status: 400 });

  const next = parsed.data;
  try {
    await getDb().transaction().execute((trx) => updateSettings(trx, auditContext(user, context), next, text("basis") || undefined));
  } catch (error) {
    if (error instanceof StaleEditError) return json<FormFailure>(failure(values, {}, error.message), { status: 409 });
    throw error;
  }
  return redirect("/admin/settings", {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: "Settings have been saved" }) },
  });
}

export default function SettingsPage() {
  const { form, basis } = useLoaderData<typeof loader>();
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
          <Button>Save settings</Button>
        </Form>
      </div>
    </div>
  );
}
