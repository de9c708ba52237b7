// The county pack: the county summary and every district's profile in one PDF. Building it
// takes a while, so the request only queues it (a child process builds it) and this page
// shows its progress: it checks again every two seconds with JavaScript, and has a "Check
// progress" link without.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getDb } from "../../db/client";
import { Button } from "~/components/forms";
import { formatDateTime, ukToday } from "~/lib/dates";
import { listCountyPacks, requestCountyPack } from "~/models/profiles/county-packs.server";
import { profileQuarters, quarterFromUrl } from "~/models/profiles/compute.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { Form } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "County pack – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "county-pack:build");
  const today = ukToday();
  return json({
    quarter: quarterFromUrl(new URL(request.url), today),
    quarters: profileQuarters(today),
    packs: await listCountyPacks(getDb()),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "county-pack:build");
  const form = await request.formData();
  const today = ukToday();
  const quarter = quarterFromUrl(new URL(`http://x/?quarter=${encodeURIComponent(String(form.get("quarter") ?? ""))}`), today);
  const db = getDb();
  const { created } = await requestCountyPack(db, auditContext(user, context), quarter, today);
  return redirect(`/profiles/pack?quarter=${encodeURIComponent(quarter)}`, {
    headers: {
      "Set-Cookie": await flash(request, {
        kind: "info",
        text: created ? `The county pack for ${quarter} is being built` : `The county pack for ${quarter} is already being built`,
      }),
    },
  });
}

export default function CountyPackPage() {
  const { quarter, quarters, packs } = useLoaderData<typeof loader>();
  const building = packs.some((p) => p.status === "queued" || p.status === "building");
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [building, revalidator]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-breadcrumbs">
          <ol className="govuk-breadcrumbs__list">
            <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to={`/profiles?quarter=${encodeURIComponent(quarter)}`}>Profiles</Link></li>
          </ol>
        </div>
        <h1 className="govuk-heading-l">County pack</h1>
        <p className="govuk-body">
          One PDF with the county summary and every district's live profile, marked draft. It is built in the background: you can
          leave this page and come back.
        </p>
        <Form method="post">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="quarter">Quarter</label>
            <select className="govuk-select" id="quarter" name="quarter" defaultValue={quarter}>
              {quarters.map((q) => <option key={q} value={q}>{q}</option>)}
            </select>
          </div>
          <Button>Build the county pack</Button>
        </Form>
        <h2 className="govuk-heading-m">Packs</h2>
        <div role="status" aria-live="polite">
          {packs.length === 0 ? <p className="govuk-body">No pack has been built yet.</p> : null}
          <ul className="govuk-list">
            {packs.map((p) => (
              <li key={p.id}>
                <strong>{p.quarter}</strong>, requested {formatDateTime(p.createdAt)}{p.requestedBy ? ` by ${p.requestedBy}` : ""}:{" "}
                {p.status === "done" ? (
                  <a className="govuk-link" href={`/profiles/pack/${p.id}/county-pack.pdf`} download>
                    Download the county pack<span className="govuk-visually-hidden"> for {p.quarter}</span> (PDF)
                  </a>
                ) : p.status === "failed" ? (
                  <span>failed. {p.error}</span>
                ) : p.status === "queued" ? (
                  <span>waiting to start</span>
                ) : (
                  <span>building: {p.districtsDone} of {p.districtsTotal} districts done</span>
                )}
              </li>
            ))}
          </ul>
        </div>
        {building ? <p className="govuk-body"><Link className="govuk-link" to={`/profiles/pack?quarter=${encodeURIComponent(quarter)}`}>Check progress</Link></p> : null}
      </div>
    </div>
  );
}
