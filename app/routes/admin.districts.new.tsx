import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReferenceFormPage } from "~/components/reference-data";
import { DistrictFields } from "~/components/reference-fields";
import { createDistrict } from "~/models/admin/districts.server";
import { districtSchema } from "~/schemas/reference-data.server";
import { addReference } from "~/http/admin/reference-data.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Add a district – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  return null;
}

export const action = (args: ActionFunctionArgs) =>
  addReference(args, {
    permission: "admin:reference-data",
    schema: districtSchema,
    add: createDistrict,
    done: (input) => ({ to: "/admin/districts", text: `${input.name} has been added` }),
  });

export default function NewDistrict() {
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage back={{ to: "/admin/districts", label: "Back to districts" }} heading={{ title: "Add a district" }} result={result} submit="Add district">
      <DistrictFields values={result?.values} errors={result?.errors} />
    </ReferenceFormPage>
  );
}
