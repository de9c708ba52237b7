// A published profile, read back from its frozen figures: exactly what went to the board,
// whatever has changed in the live view since.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProfileView } from "~/components/profile-view";
import { formatDateTime } from "~/lib/dates";
import { requirePublication } from "~/http/profiles/access.server";
import { profilePagesFromUrl } from "~/http/profiles/pages.server";

/** A dashboard: the page uses the wide layout (root.tsx). */
export const handle = { wide: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.profile.district.name} district performance profile, ${data.profile.quarter} (published)` : "Published profile"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { publication } = await requirePublication(request, params.publicationId);
  const { profile, pages } = profilePagesFromUrl(publication.profile, request);
  return json({ profile, pages, stamp: publication.stamp });
}

export default function PublishedProfilePage() {
  const { profile, pages, stamp } = useLoaderData<typeof loader>();
  const base = `/profiles/published/${stamp.id}`;
  return (
    <>
      <div className="govuk-breadcrumbs portal-no-print">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/profiles">Profiles</Link></li>
        </ol>
      </div>
      <span className="govuk-caption-l">{profile.councilName} · {profile.programmeName}</span>
      <h1 className="govuk-heading-xl">{profile.district.name} district performance profile</h1>
      <p className="govuk-body-l">
        {profile.quarter} ({profile.quarterMonths}) · Published {formatDateTime(stamp.publishedAt)}, edition {stamp.edition}
        {stamp.publishedBy ? ` by ${stamp.publishedBy}` : ""}
      </p>
      <div className="portal-no-print">
        <h2 className="govuk-heading-m">Download</h2>
        <ul className="govuk-list">
          <li><a className="govuk-link" href={`${base}/profile.pdf`} download>Published profile as PDF</a></li>
          <li><a className="govuk-link" href={`${base}/profile.xlsx`} download>Figures as a spreadsheet (XLSX)</a></li>
          <li><a className="govuk-link" href={`${base}/profile.csv`} download>Figures as CSV</a></li>
        </ul>
        <details className="govuk-details">
          <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Checking this is the published version</span></summary>
          <div className="govuk-details__text">
            <p className="govuk-body">The PDF's SHA-256 fingerprint is <code className="portal-break-anywhere">{stamp.pdfSha256}</code>.</p>
            <p className="govuk-body">The figures' SHA-256 fingerprint is <code className="portal-break-anywhere">{stamp.figuresSha256}</code>.</p>
          </div>
        </details>
      </div>
      <ProfileView profile={profile} pages={pages} />
    </>
  );
}
