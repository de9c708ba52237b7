// The county pack: the county summary and every district's profile in one PDF. Building it
// takes a while, so the request only queues it (a child process builds it) and this page
// shows its progress: it checks again every two seconds with JavaScript, and has a "Check
// progress" link without.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, Select } from "~/components/forms";
import { fieldValue, parseForm, type FieldErrors } from "~/lib/forms";
import { countyPackSchema } from "~/schemas/profiles.server";
import { formatDateTime, ukToday } from "~/lib/dates";
import { listCountyPacks, requestCountyPack } from "~/models/profiles/county-packs.server";
import { profileQuarters, quarterFromUrl } from "~/models/profiles/compute.server";
import { contextQuarterFrom } from "~/models/context/quarters";
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
  const parsed = parseForm(countyPackSchema, form);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const today = ukToday();
  // Only a quarter that has ended: the picker offers no other, and a typed one is refused.
  if (contextQuarterFrom(parsed.data.quarter, today) !== parsed.data.quarter) {
    const errors: FieldErrors = { quarter: "Choose a quarter from the list" };
    return json({ ok: false as const, errors, values: parsed.values }, { status: 400 });
  }
  const { quarter, kind } = parsed.data;
  const { created } = await requestCountyPack(getDb(), auditContext(user, context), quarter, today, { publish: kind === "publish" });
  const what = kind === "publish" ? `The county pack for ${quarter} is being built to publish` : `The draft county pack for ${quarter} is being built`;
  return redirect(`/profiles/pack?quarter=${encodeURIComponent(quarter)}`, {
    headers: {
      "Set-Cookie": await flash(request, { kind: "info", text: created ? what : `A county pack for ${quarter} is already being built: wait for it to finish` }),
    },
  });
}

export default function CountyPackPage() {
  const { quarter, quarters, packs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : undefined;
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
          One PDF with a contents page, the county summary and trend, and every district's profile as the figures stand now. It
          is built in the background: you can leave this page and come back.
        </p>
        <ErrorSummary errors={errors} />
        <Form method="post">
          <Select name="quarter" label="Quarter" options={quarters.map((q) => ({ value: q, label: q }))} defaultValue={fieldValue(values, "quarter") || quarter} error={errors?.quarter} />
          <Radios
            name="kind"
            legend="What to build"
            error={errors?.kind}
            defaultValue={fieldValue(values, "kind") || "draft"}
            options={[
              { value: "draft", label: "A draft to check", hint: "Marked DRAFT on every page, for officers only." },
              {
                value: "publish",
                label: "An edition to publish to the board",
                hint: "Stamped with its edition and kept exactly as built. Board members can read it on the Profiles page.",
              },
            ]}
          />
          <Button>Build the county pack</Button>
        </Form>
        <h2 className="govuk-heading-m">Packs</h2>
        <div role="status" aria-live="polite">
          {packs.length === 0 ? <p className="govuk-body">No pack has been built yet.</p> : null}
          <ul className="govuk-list">
            {packs.map((p) => (
              <li key={p.id}>
                <strong>{p.quarter}</strong>, {p.edition !== null ? `edition ${p.edition}, published` : p.toPublish ? "to publish" : "draft"},
                requested {formatDateTime(p.createdAt)}{p.requestedBy ? ` by ${p.requestedBy}` : ""}:{" "}
                {p.status === "done" ? (
                  <a className="govuk-link" href={`/profiles/pack/${p.id}/county-pack.pdf`} download>
                    Download the county pack<span className="govuk-visually-hidden"> for {p.quarter}{p.edition !== null ? `, edition ${p.edition}` : ", draft"}</span> (PDF)
                  </a>
                ) : p.status === "failed" ? (
                  <span>failed. {p.error}</span>
                ) : p.status === "queued" ? (
                  <span>waiting to start</span>
                ) : (
                  <span>being laid out: {p.districtsTotal} districts, a few seconds each</span>
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
