import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReferenceFormPage } from "~/components/reference-data";
import { UnitCostFields } from "~/components/reference-fields";
import { createUnitCost } from "~/models/unit-costs/unit-costs.server";
import { unitCostSchema } from "~/schemas/unit-costs.server";
import { addReference } from "~/http/admin/reference-data.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Add a unit cost – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "unit-costs:manage");
  return null;
}

export const action = (args: ActionFunctionArgs) =>
  addReference(args, {
    permission: "unit-costs:manage",
    schema: unitCostSchema,
    add: createUnitCost,
    done: (input, id) => ({ to: `/admin/unit-costs/${id}`, text: `Unit cost ${input.code} has been added` }),
  });

export default function NewUnitCost() {
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage back={{ to: "/admin/unit-costs", label: "Back to unit costs" }} heading={{ title: "Add a unit cost" }} result={result} submit="Add unit cost">
      <UnitCostFields values={result?.values} errors={result?.errors} />
    </ReferenceFormPage>
  );
}
