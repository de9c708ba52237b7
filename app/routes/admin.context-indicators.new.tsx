import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReferenceFormPage } from "~/components/reference-data";
import { ContextIndicatorFields } from "~/components/reference-fields";
import { createContextIndicator } from "~/models/context/indicators.server";
import { contextIndicatorSchema } from "~/schemas/reference-data.server";
import { addReference } from "~/http/admin/reference-data.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Add a context indicator – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "context-indicators:manage");
  return null;
}

export const action = (args: ActionFunctionArgs) =>
  addReference(args, {
    permission: "context-indicators:manage",
    schema: contextIndicatorSchema,
    add: createContextIndicator,
    done: (input) => ({ to: "/admin/context-indicators", text: `${input.name} has been added` }),
  });

export default function NewContextIndicator() {
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage
      back={{ to: "/admin/context-indicators", label: "Back to context indicators" }}
      heading={{ title: "Add a context indicator" }}
      result={result}
      submit="Add indicator"
    >
      <ContextIndicatorFields values={result?.values} errors={result?.errors} />
    </ReferenceFormPage>
  );
}
