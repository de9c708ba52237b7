import type { LoaderFunctionArgs, MetaFunction, TypedResponse } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { TextInput } from "~/components/forms";
import { CsvLink } from "~/components/lists";
import { ChangeLink, ReferenceListPage, StatusFilter, StatusTag } from "~/components/reference-data";
import { csvResponse } from "~/lib/csv.server";
import { formatDate } from "~/lib/dates";
import { optionParam } from "~/lib/lists";
import { parseListParams } from "~/lib/lists.server";
import { listThemes, THEME_SORTS } from "~/models/admin/themes.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Themes – Early help portal" }];

const STATUSES = ["active", "inactive"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  const url = new URL(request.url);
  const params = parseListParams(url, THEME_SORTS, "name");
  const status = optionParam(url, "status", STATUSES);
  const page = await listThemes(getDb(), params, { status });
  if (params.format === "csv") {
    // Typed as carrying no data, so useLoaderData keeps the page's types.
    return csvResponse(
      "themes.csv",
      ["Name", "Description", "Active", "Last changed"],
      page.items.map((t) => [t.name, t.description, t.isActive, t.updatedAt]),
    ) as TypedResponse<never>;
  }
  return json({ page, params, status });
}

export default function Themes() {
  const { page, params, status } = useLoaderData<typeof loader>();
  return (
    <ReferenceListPage
      title="Themes"
      intro={<p className="govuk-body">The priorities projects serve. A theme no longer in use is made inactive rather than removed, so older projects keep it.</p>}
      add={{ to: "/admin/themes/new", label: "Add a theme" }}
      filters={{
        sort: params.sort,
        dir: params.dir,
        fields: (
          <>
            <TextInput name="q" label="Search by name or description" defaultValue={params.q} width="20" />
            <StatusFilter value={status} />
          </>
        ),
      }}
      paging={{ ...page, noun: "themes" }}
      items={page.items}
      caption={{ region: "Themes", text: "Themes" }}
      columns={[
        { label: "Name", sort: "name", cell: (t) => <ChangeLink to={`/admin/themes/${t.id}`}>{t.name}</ChangeLink> },
        { label: "Description", cell: (t) => t.description },
        { label: "Status", sort: "status", cell: (t) => <StatusTag active={t.isActive} /> },
        { label: "Last changed", sort: "updated_at", cell: (t) => formatDate(t.updatedAt) },
      ]}
      footer={<CsvLink />}
    />
  );
}
