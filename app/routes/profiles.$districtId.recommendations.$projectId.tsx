// The officer's recommendation to the board on one project for the quarter's profile:
// continue, continue with conditions, review or decommission, and why. The profile shows it
// beside the project's overall rating; publishing freezes it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Textarea } from "~/components/forms";
import { Form } from "~/components/form";
import { ukToday } from "~/lib/dates";
import { fieldValue, parseForm } from "~/lib/forms";
import { getProjectInDistrict, getRecommendation, saveRecommendation } from "~/models/profiles/advice.server";
import { quarterFromUrl } from "~/models/profiles/compute.server";
import { requireDistrictAccess } from "~/http/profiles/access.server";
import { auditContext, notFound } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { flash } from "~/services/session.server";
import { PROJECT_RECOMMENDATION_LABELS, PROJECT_RECOMMENDATIONS } from "~/schemas/profiles";
import { recommendationSchema } from "~/schemas/profiles.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Recommendation${data ? ` on ${data.project.title}` : ""} – Early help portal` },
];

const REFUSED = "Only a commissioning officer covering this district can make recommendations on its profile.";

async function load(request: Request, params: { districtId?: string; projectId?: string }) {
  const { user, district } = await requireDistrictAccess(request, params.districtId, "profile:curate", REFUSED);
  const project = params.projectId ? await getProjectInDistrict(getDb(), params.projectId) : null;
  if (!project || project.districtId !== district.id) notFound("Project not found");
  const quarter = quarterFromUrl(new URL(request.url), ukToday());
  return { user, district, project, quarter };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { district, project, quarter } = await load(request, params);
  const existing = await getRecommendation(getDb(), project.id, quarter);
  return json({
    district,
    project,
    quarter,
    version: existing ? Number(existing.version) : 0,
    form: { recommendation: existing?.recommendation ?? "", commentary: existing?.commentary ?? "" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, district, project, quarter } = await load(request, params);
  const form = await request.formData();
  const parsed = parseForm(recommendationSchema, form);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const version = Number(form.get("version"));
  try {
    await getDb().transaction().execute((trx) =>
      saveRecommendation(trx, auditContext(user, context), { projectId: project.id, quarter, version: Number.isInteger(version) ? version : -1, input: parsed.data }),
    );
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  return redirect(`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}#recommendations-heading`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `Your recommendation on ${project.title} is saved` }) },
  });
}

export default function RecommendationPage() {
  const { district, project, quarter, version, form } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}`}>Back to {district.name}'s profile</Link>
        <ErrorSummary errors={errors} formError={result && !result.ok ? result.formError : undefined} submissionId={result && !result.ok ? result.submissionId : undefined} />
        <span className="govuk-caption-l">{project.reference}, {quarter}</span>
        <h1 className="govuk-heading-l">Recommendation: {project.title}</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={version} />
          <Radios
            name="recommendation"
            legend="What do you recommend to the board?"
            options={PROJECT_RECOMMENDATIONS.map((r) => ({ value: r, label: PROJECT_RECOMMENDATION_LABELS[r] }))}
            defaultValue={fieldValue(values, "recommendation", form.recommendation)}
            error={errors?.recommendation}
          />
          <Textarea
            name="commentary"
            label="Why"
            hint="The board reads this beside the project's figures and rating: what they show, and any conditions. Name no family or member of staff."
            rows={6}
            defaultValue={fieldValue(values, "commentary", form.commentary)}
            error={errors?.commentary}
          />
          <Button>Save the recommendation</Button>
        </Form>
      </div>
    </div>
  );
}
