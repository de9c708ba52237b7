// The context indicators officers enter per district and quarter. Six every council reports
// come with the portal; administrators add their own, rename them, and retire those no
// longer collected (retired ones keep their figures but leave the form and the profile).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ChangeLink, ReferenceListPage, StatusTag } from "~/components/reference-data";
import { formatDate } from "~/lib/dates";
import { listContextIndicators } from "~/models/context/indicators.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Context indicators – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "context-indicators:manage");
  return json({ indicators: await listContextIndicators(getDb()) });
}

export default function ContextIndicators() {
  const { indicators } = useLoaderData<typeof loader>();
  return (
    <ReferenceListPage
      title="Context indicators"
      intro={
        <p className="govuk-body">
          The demand figures officers enter for each district every quarter, shown as context in the district profiles. An
          indicator no longer collected is retired rather than removed, so the figures already entered are kept.
        </p>
      }
      add={{ to: "/admin/context-indicators/new", label: "Add an indicator" }}
      items={indicators}
      caption={{ region: "Context indicators", text: "Context indicators, those in use first" }}
      columns={[
        { label: "Name", cell: (i) => <ChangeLink to={`/admin/context-indicators/${i.id}`}>{i.name}</ChangeLink> },
        { label: "Code", cell: (i) => <code>{i.code}</code> },
        { label: "Description", cell: (i) => i.description },
        { label: "Status", cell: (i) => <StatusTag active={i.isActive} on="In use" off="Retired" /> },
        { label: "Last changed", cell: (i) => formatDate(i.updatedAt) },
      ]}
    />
  );
}
