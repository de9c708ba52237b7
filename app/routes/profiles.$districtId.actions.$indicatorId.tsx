// The officer's agreed action on an indicator at risk, as the profile prints it beside the
// provider's explanation: what will be done, by whom, by when.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea, TextInput } from "~/components/forms";
import { ukToday } from "~/lib/dates";
import { fieldValue, parseForm } from "~/lib/forms";
import { getAgreedAction, getIndicatorInDistrict, saveAgreedAction } from "~/models/profiles/curation.server";
import { quarterFromUrl } from "~/models/profiles/compute.server";
import { requireDistrictAccess } from "~/http/profiles/access.server";
import { auditContext, notFound } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { agreedActionSchema } from "~/schemas/profiles.server";
import { Form } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Agreed action${data ? ` for ${data.indicator.name}` : ""} – Early help portal` },
];

const REFUSED = "Only a commissioning officer covering this district can record agreed actions on its profile.";

async function load(request: Request, params: { districtId?: string; indicatorId?: string }) {
  const { user, district } = await requireDistrictAccess(request, params.districtId, "profile:curate", REFUSED);
  const indicator = params.indicatorId ? await getIndicatorInDistrict(getDb(), params.indicatorId) : null;
  if (!indicator || indicator.districtId !== district.id) notFound("Indicator not found");
  const quarter = quarterFromUrl(new URL(request.url), ukToday());
  return { user, district, indicator, quarter };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { district, indicator, quarter } = await load(request, params);
  const existing = await getAgreedAction(getDb(), indicator.id, quarter);
  return json({
    district,
    indicator,
    quarter,
    version: existing ? Number(existing.version) : 0,
    form: { action: existing?.action ?? "", owner: existing?.owner ?? "", due_date: existing?.due_date ?? "" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, district, indicator, quarter } = await load(request, params);
  const form = await request.formData();
  const parsed = parseForm(agreedActionSchema, form);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const version = Number(form.get("version"));
  try {
    await getDb().transaction().execute((trx) =>
      saveAgreedAction(trx, auditContext(user, context), { indicatorId: indicator.id, quarter, version: Number.isInteger(version) ? version : -1, input: parsed.data }),
    );
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  return redirect(`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}#at-risk-heading`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The agreed action for ${indicator.name} is saved` }) },
  });
}

export default function AgreedActionPage() {
  const { district, indicator, quarter, version, form } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : undefined;
  const field = (name: keyof typeof form) => ({ name, defaultValue: fieldValue(values, name, form[name]), error: errors?.[name] });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}`}>Back to {district.name}'s profile</Link>
        <ErrorSummary errors={errors} formError={result && !result.ok ? result.formError : undefined} submissionId={result && !result.ok ? result.submissionId : undefined} />
        <span className="govuk-caption-l">{indicator.projectTitle}, {quarter}</span>
        <h1 className="govuk-heading-l">Agreed action: {indicator.name}</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={version} />
          <Textarea {...field("action")} label="What has been agreed" hint="What will be done to bring the indicator back on track" rows={4} />
          <TextInput {...field("owner")} label="Who owns it" hint="A person or organisation, like the provider's manager" />
          <TextInput {...field("due_date")} label="Due by" type="date" width="10" />
          <Button>Save the agreed action</Button>
        </Form>
      </div>
    </div>
  );
}
