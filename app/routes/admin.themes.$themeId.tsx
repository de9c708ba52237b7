import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ReferenceFormPage } from "~/components/reference-data";
import { ThemeFields } from "~/components/reference-fields";
import { getTheme, updateTheme, type Theme } from "~/models/admin/themes.server";
import { themeEditSchema } from "~/schemas/reference-data.server";
import { changeReference, requireReferenceRecord, type ReferenceGuard } from "~/http/admin/reference-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.theme.name ?? "Theme"} – Early help portal` },
];

const themeGuard = (id: string | undefined): ReferenceGuard<Theme> => ({
  permission: "admin:reference-data",
  load: () => getTheme(getDb(), id ?? ""),
  notFoundMessage: "Theme not found",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record } = await requireReferenceRecord(request, themeGuard(params.themeId));
  return json({ theme: record });
}

export const action = (args: ActionFunctionArgs) =>
  changeReference(args, {
    ...themeGuard(args.params.themeId),
    schema: themeEditSchema,
    change: (trx, audit, record, { version, ...input }) => updateTheme(trx, audit, record.id, version, input),
    done: (input) => ({ to: "/admin/themes", text: `Theme ${input.name} has been updated` }),
  });

export default function EditTheme() {
  const { theme } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage
      back={{ to: "/admin/themes", label: "Back to themes" }}
      heading={{ caption: "Theme", title: theme.name }}
      result={result}
      record={theme}
      saved={
        <>
          <li>Name: {theme.name}</li>
          <li>Description: {theme.description || "none"}</li>
          <li>Active: {theme.isActive ? "yes" : "no"}</li>
        </>
      }
      submit="Save changes"
    >
      <ThemeFields values={result?.values} errors={result?.errors} current={theme} />
    </ReferenceFormPage>
  );
}
