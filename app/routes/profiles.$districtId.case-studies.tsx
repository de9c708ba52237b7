// Choosing the one or two case studies a district's profile tells, from its approved returns.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, Checkboxes, ErrorSummary } from "~/components/forms";
import { ukToday } from "~/lib/dates";
import { fieldValues, formValues } from "~/lib/forms";
import { parseQuarterLabel } from "~/lib/financial-year";
import { chooseCaseStudies, listCaseStudyChoices } from "~/models/profiles/curation.server";
import { MAX_CASE_STUDIES } from "~/schemas/profiles";
import { quarterFromUrl } from "~/models/profiles/compute.server";
import { requireDistrictAccess } from "~/http/profiles/access.server";
import { auditContext } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Choose the case studies – Early help portal" }];

const REFUSED = "Only a commissioning officer covering this district can choose its profile's case studies.";

async function load(request: Request, districtId: string | undefined) {
  const { user, district } = await requireDistrictAccess(request, districtId, "profile:curate", REFUSED);
  const quarter = quarterFromUrl(new URL(request.url), ukToday());
  return { user, district, quarter, financialYear: parseQuarterLabel(quarter)!.year };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { district, quarter, financialYear } = await load(request, params.districtId);
  const choices = await listCaseStudyChoices(getDb(), district.id, quarter, financialYear);
  return json({ district, quarter, choices });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, district, quarter, financialYear } = await load(request, params.districtId);
  const values = formValues(await request.formData());
  const ids = fieldValues(values, "case_studies");
  try {
    await getDb().transaction().execute((trx) =>
      chooseCaseStudies(trx, auditContext(user, context), { districtId: district.id, quarter, financialYear, caseStudyIds: ids }),
    );
  } catch (error) {
    return refusedForm(error, values);
  }
  return redirect(`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}#stories-heading`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: "The profile's case studies are saved" }) },
  });
}

export default function ChooseCaseStudiesPage() {
  const { district, quarter, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const chosen = result ? fieldValues(result.values, "case_studies") : choices.filter((c) => c.chosen).map((c) => c.id);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}`}>Back to {district.name}'s profile</Link>
        <ErrorSummary errors={result?.errors} submissionId={result?.submissionId} />
        <span className="govuk-caption-l">{district.name}, {quarter}</span>
        <h1 className="govuk-heading-l">Choose the case studies</h1>
        {choices.length === 0 ? (
          <p className="govuk-body">No approved return this year has a case study with the family's consent recorded.</p>
        ) : (
          <Form method="post" noValidate>
            <Checkboxes
              name="case_studies"
              legend={`Choose up to ${MAX_CASE_STUDIES}`}
              hint="From this year's approved returns, with consent recorded. The board reads them as written."
              error={result?.errors.case_studies}
              options={choices.map((c) => ({ value: c.id, label: `${c.title} (${c.projectTitle}, ${c.quarter})`, hint: c.story.length > 160 ? `${c.story.slice(0, 157)}…` : c.story }))}
              defaultValues={chosen}
            />
            <Button>Save the case studies</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
