import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { ReferenceFormPage } from "~/components/reference-data";
import { DistrictFields } from "~/components/reference-fields";
import { getDistrict, updateDistrict, type District } from "~/models/admin/districts.server";
import { districtEditSchema } from "~/schemas/reference-data.server";
import { changeReference, requireReferenceRecord, type ReferenceGuard } from "~/http/admin/reference-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.district.name ?? "District"} – Early help portal` },
];

const districtGuard = (id: string | undefined): ReferenceGuard<District> => ({
  permission: "admin:reference-data",
  load: () => getDistrict(getDb(), id ?? ""),
  notFoundMessage: "District not found",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { record } = await requireReferenceRecord(request, districtGuard(params.districtId));
  return json({ district: record });
}

export const action = (args: ActionFunctionArgs) =>
  changeReference(args, {
    ...districtGuard(args.params.districtId),
    schema: districtEditSchema,
    change: (trx, audit, record, { version, ...input }) => updateDistrict(trx, audit, record.id, version, input),
    done: (input) => ({ to: "/admin/districts", text: `${input.name} has been updated` }),
  });

export default function EditDistrict() {
  const { district: d } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage
      back={{ to: "/admin/districts", label: "Back to districts" }}
      heading={{ caption: "District", title: d.name }}
      result={result}
      record={d}
      saved={
        <>
          <li>Name: {d.name}</li>
          <li>ONS code: {d.onsCode}</li>
          <li>Partnership: {d.partnershipName}</li>
        </>
      }
      submit="Save changes"
    >
      <DistrictFields values={result?.values} errors={result?.errors} current={d} />
    </ReferenceFormPage>
  );
}
