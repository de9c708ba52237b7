// The officer's commentary on the district for the quarter's profile: what the board should
// take from the figures. The profile opens with it; publishing freezes it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Textarea } from "~/components/forms";
import { Form } from "~/components/form";
import { ukToday } from "~/lib/dates";
import { fieldValue, parseForm } from "~/lib/forms";
import { getDistrictCommentary, saveDistrictCommentary } from "~/models/profiles/advice.server";
import { quarterFromUrl } from "~/models/profiles/compute.server";
import { requireDistrictAccess } from "~/http/profiles/access.server";
import { auditContext } from "~/http/guards.server";
import { refusedForm } from "~/http/errors.server";
import { flash } from "~/services/session.server";
import { districtCommentarySchema } from "~/schemas/profiles.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Commentary${data ? ` on ${data.district.name}` : ""} – Early help portal` },
];

const REFUSED = "Only a commissioning officer covering this district can write the commentary on its profile.";

async function load(request: Request, params: { districtId?: string }) {
  const { user, district } = await requireDistrictAccess(request, params.districtId, "profile:curate", REFUSED);
  return { user, district, quarter: quarterFromUrl(new URL(request.url), ukToday()) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { district, quarter } = await load(request, params);
  const existing = await getDistrictCommentary(getDb(), district.id, quarter);
  return json({ district, quarter, version: existing ? Number(existing.version) : 0, commentary: existing?.commentary ?? "" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, district, quarter } = await load(request, params);
  const form = await request.formData();
  const parsed = parseForm(districtCommentarySchema, form);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const version = Number(form.get("version"));
  try {
    await getDb().transaction().execute((trx) =>
      saveDistrictCommentary(trx, auditContext(user, context), {
        districtId: district.id, quarter, version: Number.isInteger(version) ? version : -1, commentary: parsed.data.commentary,
      }),
    );
  } catch (error) {
    return refusedForm(error, parsed.values);
  }
  return redirect(`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}#commentary-heading`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `The commentary on ${district.name} is saved` }) },
  });
}

export default function CommentaryPage() {
  const { district, quarter, version, commentary } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/profiles/${district.id}?quarter=${encodeURIComponent(quarter)}`}>Back to {district.name}'s profile</Link>
        <ErrorSummary errors={errors} formError={result && !result.ok ? result.formError : undefined} submissionId={result && !result.ok ? result.submissionId : undefined} />
        <span className="govuk-caption-l">{district.name}, {quarter}</span>
        <h1 className="govuk-heading-l">Commentary for the board</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={version} />
          <Textarea
            name="commentary"
            label="What should the board take from this quarter's figures?"
            hint="It opens the profile. Name no family or member of staff."
            rows={10}
            defaultValue={fieldValue(values, "commentary", commentary)}
            error={errors?.commentary}
          />
          <Button>Save the commentary</Button>
        </Form>
      </div>
    </div>
  );
}
