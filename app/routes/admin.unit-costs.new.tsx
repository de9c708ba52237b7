import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, Radios, TextInput, Textarea } from "~/components/forms";
import { failure, fieldValue, parseForm, type FieldErrors, type FormFailure, type FormValues } from "~/lib/forms";
import { createUnitCost } from "~/models/unit-costs/unit-costs.server";
import { auditContext, requirePermission } from "~/http/guards.server";
import { flash } from "~/services/session.server";
import { DuplicateError } from "~/models/errors";
import { unitCostSchema } from "~/schemas/unit-costs";

export const meta: MetaFunction = () => [{ title: "Add a unit cost – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "unit-costs:manage");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "unit-costs:manage");
  const result = parseForm(unitCostSchema, await request.formData());
  if (!result.ok) return json<FormFailure>(result, { status: 400 });
  const input = result.data;
  let id: string;
  try {
    id = await getDb().transaction().execute((trx) => createUnitCost(trx, auditContext(user, context), input));
  } catch (error) {
    if (error instanceof DuplicateError) return json<FormFailure>(failure(result.values, { [error.field]: error.message }), { status: 400 });
    throw error;
  }
  return redirect(`/admin/unit-costs/${id}`, {
    headers: { "Set-Cookie": await flash(request, { kind: "success", text: `Unit cost ${input.code} has been added` }) },
  });
}

/** The record's values in the form's own terms, for the edit page. */
export interface UnitCostFormDefaults {
  code: string;
  item: string;
  value: string;
  per: string;
  price_year: string;
  cost_type: string;
  agency: string;
  bearer: string;
  source: string;
  is_active: string;
}

const EMPTY: UnitCostFormDefaults = {
  code: "", item: "", value: "", per: "", price_year: "", cost_type: "fiscal", agency: "", bearer: "", source: "", is_active: "yes",
};

/** The fields of a unit cost, shared by the add and change pages. */
export function UnitCostFields({ values, errors, defaults = EMPTY }: { values?: FormValues; errors?: FieldErrors; defaults?: UnitCostFormDefaults }) {
  const v = (name: keyof UnitCostFormDefaults) => fieldValue(values, name, defaults[name]);
  return (
    <>
      <TextInput name="code" label="Code" hint="The source's own reference, like SS1.0 or HO107. Each code is used once." defaultValue={v("code")} error={errors?.code} width="10" spellCheck={false} />
      <Textarea name="item" label="What the cost is for" hint="Like “Looked-after child, average across all care settings”." defaultValue={v("item")} error={errors?.item} rows={2} />
      <TextInput name="value" label="Value, in pounds" hint="As published, at the prices of the price year: like 51080 or 51,080.00." defaultValue={v("value")} error={errors?.value} width="10" inputMode="decimal" prefix="£" />
      <TextInput name="per" label="Per" hint="What one unit of the value is: year, week, 6 months, each, incident, victim…" defaultValue={v("per")} error={errors?.per} width="10" />
      <TextInput
        name="price_year"
        label="Price year"
        hint="The financial year the value was priced in, like 2013-14. It is uprated from there to each year's prices."
        defaultValue={v("price_year")}
        error={errors?.price_year}
        width="5"
      />
      <Radios
        name="cost_type"
        legend="Type of cost"
        options={[
          { value: "fiscal", label: "Fiscal", hint: "Money a public body spends, or tax and benefits it loses" },
          { value: "economic", label: "Economic", hint: "Wider costs to the economy, like lost output" },
          { value: "social", label: "Social", hint: "Costs to people's wellbeing, valued in money" },
        ]}
        defaultValue={v("cost_type")}
        error={errors?.cost_type}
      />
      <TextInput name="agency" label="Agency" hint="Who bears the cost, like children's services, police or NHS." defaultValue={v("agency")} error={errors?.agency} width="20" />
      <Radios
        name="bearer"
        legend="Who does the cost fall to?"
        hint="The profile splits estimated costs avoided between the council and its partners."
        options={[
          { value: "council", label: "The council", hint: "Children's services, education, youth justice" },
          { value: "partners", label: "Partners", hint: "Police, NHS, housing, DWP and others" },
        ]}
        defaultValue={v("bearer")}
        error={errors?.bearer}
      />
      <Textarea name="source" label="Source" hint="Where the figure comes from, so a reader can check it." defaultValue={v("source")} error={errors?.source} rows={2} />
      <Radios
        name="is_active"
        legend="Can officers choose this unit cost?"
        options={[{ value: "yes", label: "Yes, it is active" }, { value: "no", label: "No, it is inactive" }]}
        defaultValue={v("is_active")}
        error={errors?.is_active}
        inline
      />
    </>
  );
}

export default function NewUnitCost() {
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin/unit-costs">Back to unit costs</Link>
        <ErrorSummary errors={result?.errors} formError={result?.formError} submissionId={result?.submissionId} />
        <h1 className="govuk-heading-l">Add a unit cost</h1>
        <Form method="post" noValidate>
          <UnitCostFields values={result?.values} errors={result?.errors} />
          <Button>Add unit cost</Button>
        </Form>
      </div>
    </div>
  );
}
