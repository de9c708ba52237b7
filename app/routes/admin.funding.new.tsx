import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ReferenceFormPage } from "~/components/reference-data";
import { FundingStreamFields } from "~/components/reference-fields";
import { createStream } from "~/models/funding/streams.server";
import { streamSchema } from "~/schemas/reference-data.server";
import { addReference } from "~/http/admin/reference-data.server";
import { requirePermission } from "~/http/guards.server";

export const meta: MetaFunction = () => [{ title: "Add a funding stream – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:reference-data");
  return null;
}

export const action = (args: ActionFunctionArgs) =>
  addReference(args, {
    permission: "admin:reference-data",
    schema: streamSchema,
    add: createStream,
    done: (input, id) => ({ to: `/admin/funding/${id}`, text: `${input.name} has been added. Enter what each district is allocated below.` }),
  });

export default function NewFundingStream() {
  const result = useActionData<typeof action>();
  return (
    <ReferenceFormPage back={{ to: "/admin/funding", label: "Back to funding streams" }} heading={{ title: "Add a funding stream" }} result={result} submit="Add funding stream">
      <FundingStreamFields values={result?.values} errors={result?.errors} />
    </ReferenceFormPage>
  );
}
