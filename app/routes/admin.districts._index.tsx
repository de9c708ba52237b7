import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { CsvLink } from "~/components/lists";
import { TextInput } from "~/components/forms";
import { ChangeLink, ReferenceListPage } from "~/components/reference-data";
import { csvResponse } from "~/lib/csv.server";
import { formatDate } from "~/lib/dates";
import { parseListParams } from "~/lib/lists.server";
import { DISTRICT_SORTS, listDistricts } from "~/models/admin/districts.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Districts – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const url = new URL(request.url);
  const params = parseListParams(url, DISTRICT_SORTS, "name");
  const page = await listDistricts(getDb(), params);
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "districts.csv",
      ["Name", "ONS code", "Partnership", "Last changed"],
      page.items.map((d) => [d.name, d.onsCode, d.partnershipName, d.updatedAt]),
    ) as TypedResponse<never>;
  }
  return json({ page, params });
}

export default function Districts() {
  const { page, params } = useLoaderData<typeof loader>();
  return (
    <ReferenceListPage
      title="Districts"
      add={{ to: "/admin/districts/new", label: "Add a district" }}
      filters={{
        sort: params.sort,
        dir: params.dir,
        fields: <TextInput name="q" label="Search by name, ONS code or partnership" defaultValue={params.q} width="20" spellCheck={false} />,
      }}
      paging={{ ...page, noun: "districts" }}
      items={page.items}
      caption={{ region: "Districts", text: "Districts" }}
      columns={[
        { label: "Name", sort: "name", cell: (d) => <ChangeLink to={`/admin/districts/${d.id}`}>{d.name}</ChangeLink> },
        { label: "ONS code", sort: "ons_code", cell: (d) => d.onsCode },
        { label: "Partnership", sort: "partnership", cell: (d) => d.partnershipName },
        { label: "Last changed", cell: (d) => formatDate(d.updatedAt) },
      ]}
      footer={<CsvLink />}
    />
  );
}
