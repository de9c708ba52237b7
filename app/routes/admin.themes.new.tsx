import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReferenceFormPage } from "~/components/reference-data";
import { ThemeFields } from "~/components/reference-fields";
import { createTheme } from "~/models/admin/themes.server";
import { themeSchema } from "~/schemas/reference-data.server";
import { addReference } from "~/http/admin/reference-data.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Add a theme – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  return null;
}

export const action = (args: ActionFunctionArgs) =>
  addReference(args, {
    permission: "admin:reference-data",
    schema: themeSchema,
    add: createTheme,
    done: (input) => ({ to: "/admin/themes", text: `Theme ${input.name} has been added` }),
  });

export default function NewTheme() {
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage back={{ to: "/admin/themes", label: "Back to themes" }} heading={{ title: "Add a theme" }} result={result} submit="Add theme">
      <ThemeFields values={result?.values} errors={result?.errors} />
    </ReferenceFormPage>
  );
}
