// GET /district-profiles – the district performance profiles the council has made public,
// for anyone: each a published edition its officer chose to make public (app/policies/profiles.ts).
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { formatDate } from "~/lib/dates";
import { listPublicProfiles } from "~/models/profiles/public.server";

export const meta: MetaFunction = () => [{ title: "District performance profiles – Early help portal" }];

export async function loader() {
  const profiles = await listPublicProfiles(getDb());
  return json({
    profiles: profiles.map((p) => ({ id: p.id, district: p.districtName, quarter: p.quarter, edition: p.edition, published: formatDate(p.publishedAt) })),
  });
}

export default function PublicProfiles() {
  const { profiles } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">District performance profiles</h1>
      <p className="govuk-body">
        How the early help projects in each district are doing each quarter: spend against budget, outputs and outcomes against
        their targets, people reached, and the costs early help is estimated to avoid. These are the editions the council has
        published; families' stories and the board's agreed actions are not included.
      </p>
      {profiles.length === 0 ? (
        <p className="govuk-body">No profile has been made public yet.</p>
      ) : (
        <ul className="govuk-list">
          {profiles.map((p) => (
            <li key={p.id}>
              <Link className="govuk-link" to={`/district-profiles/${p.id}`}>{p.district}, {p.quarter}</Link>
              {p.edition > 1 ? ` (edition ${p.edition})` : ""}, published {p.published}
            </li>
          ))}
        </ul>
      )}
      <p className="govuk-body">
        See also the <Link className="govuk-link" to="/contracts">awarded contracts and grants</Link> and the{" "}
        <Link className="govuk-link" to="/opportunities">funding opportunities</Link>.
      </p>
    </>
  );
}
