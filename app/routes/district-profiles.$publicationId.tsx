// GET /district-profiles/:publicationId – one public edition of a district's profile, as the
// policy's privacy pass leaves it. An edition that is not public is not found.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ProfileView } from "~/components/profile-view";
import { formatDate } from "~/lib/dates";
import { notFound } from "~/http/guards.server";
import { getPublicProfile } from "~/models/profiles/public.server";
import { profilePagesFromUrl } from "~/http/profiles/pages.server";

/** A dashboard: the page uses the wide layout (root.tsx). */
export const handle = { wide: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.profile.district.name} district profile, ${data.profile.quarter}` : "District profile"} – Early help portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = params.publicationId ? await getPublicProfile(getDb(), params.publicationId) : null;
  if (!found) notFound("Profile not found");
  const { profile, pages } = profilePagesFromUrl(found.profile, request);
  return json({ profile, pages, edition: found.edition, published: formatDate(found.publishedAt) });
}

export default function PublicProfile() {
  const { profile, pages, edition, published } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/district-profiles" className="govuk-back-link">Back to district profiles</Link>
      <span className="govuk-caption-l">{profile.councilName} · {profile.programmeName}</span>
      <h1 className="govuk-heading-xl">{profile.district.name} district performance profile</h1>
      <p className="govuk-body-l">
        {profile.quarter} ({profile.quarterMonths}) · published {published}{edition > 1 ? `, edition ${edition}` : ""}
      </p>
      <ProfileView profile={profile} pages={pages} forPublic />
    </>
  );
}
