// A district's live performance profile for a quarter, with its downloads, its published
// editions and (for the district's officers) publishing. Viewers read published editions only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, Checkbox } from "~/components/forms";
import { publishProfileSchema } from "~/schemas/profiles.server";
import { ProfileView } from "~/components/profile-view";
import { formatDateTime, ukToday } from "~/lib/dates";
import { nowIso } from "~/lib/ids.server";
import { latestEdition, listPublications, publishProfile } from "~/models/profiles/publishing.server";
import { computeProfile, profileQuarters, quarterFromUrl } from "~/models/profiles/compute.server";
import { profilePagesFromUrl } from "~/http/profiles/pages.server";
import { requireDistrictAccess } from "~/http/profiles/access.server";
import { auditContext, notFound } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { refusedForm } from "~/http/errors.server";
import { failure, formValues } from "~/lib/forms";
import { can } from "~/policies/index";
import { Form } from "~/components/form";

/**
 * A dashboard (the wide layout, root.tsx), kept as rendered and served again to the same
 * session while nothing in the portal changes (app/http/kept-pages.server.ts).
 */
export const handle = { wide: true, keepRendered: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.profile.district.name} district performance profile, ${data.profile.quarter}` : "District profile"} – Early help portal` },
];

const REFUSED = "Only the district's commissioning officers and administrators see its live profile. Published profiles are listed on the Profiles page.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, district } = await requireDistrictAccess(request, params.districtId, "profile:view-live", REFUSED);
  const db = getDb();
  const today = ukToday();
  const url = new URL(request.url);
  const quarter = quarterFromUrl(url, today);
  const [computed, publications, edition] = await Promise.all([
    computeProfile(db, district.id, { quarter, asOf: today, now: nowIso() }),
    listPublications(db, user, { districtId: district.id }),
    latestEdition(db, district.id, quarter),
  ]);
  if (!computed) notFound("District not found");
  const { profile, pages } = profilePagesFromUrl(computed, request);
  return json({
    profile,
    pages,
    quarters: profileQuarters(today),
    publications,
    latestEdition: edition,
    canCurate: can(user, "profile:curate", { id: district.id }),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, district } = await requireDistrictAccess(
    request, params.districtId, "profile:curate", "Only a commissioning officer covering this district can publish its profile.",
  );
  const form = await request.formData();
  const quarter = quarterFromUrl(new URL(`http://x/?quarter=${encodeURIComponent(String(form.get("quarter") ?? ""))}`), ukToday());
  const values = formValues(form);
  const parsed = publishProfileSchema.safeParse(values);
  if (!parsed.success) return json(failure(values, {}, "Reload the page and publish again."), { status: 400 });
  try {
    const published = await publishProfile(getDb(), auditContext(user, context), {
      districtId: district.id, quarter, expectedEdition: parsed.data.expected_edition, asOf: ukToday(), now: nowIso(), isPublic: parsed.data.public === "yes",
    });
    return redirect(`/profiles/published/${published.id}`, {
      headers: { "Set-Cookie": await flash(request, { kind: "success", text: `${district.name}'s profile for ${quarter} is published (edition ${published.edition})` }) },
    });
  } catch (error) {
    return refusedForm(error, values);
  }
}

export default function DistrictProfilePage() {
  const { profile, pages, quarters, publications, latestEdition: edition, canCurate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/profiles/${profile.district.id}`;
  const query = `?quarter=${encodeURIComponent(profile.quarter)}`;
  return (
    <>
      <div className="govuk-breadcrumbs portal-no-print">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to={`/profiles${query}`}>Profiles</Link></li>
        </ol>
      </div>
      {result?.formError ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">The profile was not published</h2>
          <div className="govuk-error-summary__body"><p className="govuk-body">{result.formError}</p></div>
        </div>
      ) : null}
      <span className="govuk-caption-l">{profile.councilName} · {profile.programmeName}</span>
      <h1 className="govuk-heading-xl">{profile.district.name} district performance profile</h1>
      <p className="govuk-body-l">
        {profile.quarter} ({profile.quarterMonths}) · <strong className="govuk-tag govuk-tag--grey">Draft</strong> generated {formatDateTime(profile.generatedAt)}
      </p>

      <form method="get" className="portal-no-print govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="quarter">Quarter</label>
          <select className="govuk-select" id="quarter" name="quarter" defaultValue={profile.quarter}>
            {quarters.map((q) => <option key={q} value={q}>{q}</option>)}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Show quarter</button>
      </form>

      <div className="portal-no-print">
        <h2 className="govuk-heading-m">Download</h2>
        <ul className="govuk-list">
          <li><a className="govuk-link" href={`${base}/profile.pdf${query}`} download>Profile as PDF (draft)</a></li>
          <li><a className="govuk-link" href={`${base}/profile.xlsx${query}`} download>Figures as a spreadsheet (XLSX)</a></li>
          <li><a className="govuk-link" href={`${base}/profile.csv${query}`} download>Figures as CSV</a></li>
        </ul>
        {canCurate ? (
          <Form method="post">
            <input type="hidden" name="quarter" value={profile.quarter} />
            <input type="hidden" name="expected_edition" value={edition} />
            <p className="govuk-body">
              Publishing freezes this profile and its PDF as they are now, so what goes to the board can be shown again even
              after late returns change the live figures. {edition > 0 ? `Edition ${edition} is already published; publishing makes edition ${edition + 1}.` : ""}
            </p>
            <Checkbox
              name="public"
              label="Also make this edition public on the council's website"
              hint="Anyone can then read it, without the families' stories, the agreed actions and the providers' explanations. Leave it unticked to publish for the board only."
            />
            <Button>Publish this profile</Button>
          </Form>
        ) : null}
      </div>

      <ProfileView
        profile={profile}
        pages={pages}
        curate={canCurate ? {
          actionHref: (id) => `${base}/actions/${id}${query}`, recommendationHref: (id) => `${base}/recommendations/${id}${query}`,
          commentaryHref: `${base}/commentary${query}`, caseStudiesHref: `${base}/case-studies${query}`, contextHref: `/context/${profile.district.id}${query}`,
        } : undefined}
      />

      <section aria-labelledby="published-heading" className="portal-no-print">
        <h2 className="govuk-heading-l" id="published-heading">Published editions</h2>
        {publications.length === 0 ? (
          <p className="govuk-body">None of {profile.district.name}'s profiles has been published yet.</p>
        ) : (
          <ul className="govuk-list">
            {publications.map((p) => (
              <li key={p.id}>
                <Link className="govuk-link" to={`/profiles/published/${p.id}`}>{p.quarter}, edition {p.edition}</Link>, published {formatDateTime(p.publishedAt)}
                {p.publishedBy ? ` by ${p.publishedBy}` : ""}
                {p.isPublic ? <>{" · "}<Link className="govuk-link" to={`/district-profiles/${p.id}`}>public</Link></> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
