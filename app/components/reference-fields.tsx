// Each kind of reference data's fields, shared by its add and change pages (and the funding
// stream's page, whose details form sits under its allocations). What was typed comes
// first; a change page's record fills the rest.
import { Radios, TextInput, Textarea } from "~/components/forms";
import { fieldValue, type FieldErrors, type FormValues } from "~/lib/forms";
import { ActiveField, DescriptionField, NameField } from "./reference-data";

interface Fields<R> {
  values: FormValues | undefined;
  errors: FieldErrors | undefined;
  /** The record being changed; none on an add page. */
  current?: R;
}

export function DistrictFields({ values, errors, current }: Fields<{ name: string; onsCode: string; partnershipName: string }>) {
  return (
    <>
      <NameField values={values} errors={errors} current={current?.name} />
      <TextInput
        name="ons_code"
        label="ONS code"
        hint="The 9-character code the Office for National Statistics gives the district, like E07000118"
        defaultValue={fieldValue(values, "ons_code", current?.onsCode)}
        error={errors?.ons_code}
        width="10"
        spellCheck={false}
      />
      <TextInput
        name="partnership_name"
        label="Partnership"
        hint="The district's children's partnership, like Chorley Local Children's Trust Partnership"
        defaultValue={fieldValue(values, "partnership_name", current?.partnershipName)}
        error={errors?.partnership_name}
      />
    </>
  );
}

type Described = { name: string; description: string; isActive: boolean };

export function ThemeFields({ values, errors, current }: Fields<Described>) {
  return (
    <>
      <NameField values={values} errors={errors} current={current?.name} />
      <DescriptionField values={values} errors={errors} current={current?.description} hint={current ? undefined : "Optional. What projects under this theme set out to change."} />
      <ActiveField values={values} errors={errors} current={current?.isActive} legend="Can projects choose this theme?" yes="Yes, it is active" no="No, it is inactive" />
    </>
  );
}

export function FundingStreamFields({ values, errors, current }: Fields<Described>) {
  return (
    <>
      <NameField values={values} errors={errors} current={current?.name} />
      <DescriptionField
        values={values}
        errors={errors}
        current={current?.description}
        hint={current ? undefined : "Optional. Where the money comes from and any conditions, like “£80,000 per district per year from the Schools Forum”."}
      />
      <ActiveField values={values} errors={errors} current={current?.isActive} legend="Is the funding stream active?" yes="Yes" no="No" />
    </>
  );
}

/** A new indicator's code is asked for once; a change page shows it and asks whether it is in use. */
export function ContextIndicatorFields({ values, errors, current }: Fields<Described>) {
  if (!current) {
    return (
      <>
        <NameField values={values} errors={errors} width="30" hint="As officers and board members will read it, like School exclusions" />
        <TextInput
          name="code"
          label="Code"
          hint="Used in CSV files and cannot be changed later. Lowercase letters, digits and hyphens, like school-exclusions."
          defaultValue={fieldValue(values, "code")}
          error={errors?.code}
          width="20"
          spellCheck={false}
          autoComplete="off"
        />
        <DescriptionField values={values} errors={errors} hint="Optional. What is counted, and when: in the quarter, or at its end." />
      </>
    );
  }
  return (
    <>
      <NameField values={values} errors={errors} current={current.name} width="30" />
      <DescriptionField values={values} errors={errors} current={current.description} />
      <ActiveField
        values={values}
        errors={errors}
        current={current.isActive}
        legend="Do officers enter this indicator?"
        hint="A retired indicator leaves the form and the profiles; its figures are kept, and reactivating it brings them back."
        yes="Yes, it is in use"
        no="No, it is retired"
      />
    </>
  );
}

/** A unit cost's values in the form's own terms (pounds, a price year like 2013-14). */
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

const EMPTY_UNIT_COST: UnitCostFormDefaults = {
  code: "", item: "", value: "", per: "", price_year: "", cost_type: "fiscal", agency: "", bearer: "", source: "", is_active: "yes",
};

export function UnitCostFields({ values, errors, current = EMPTY_UNIT_COST }: Fields<UnitCostFormDefaults>) {
  const v = (name: keyof UnitCostFormDefaults) => fieldValue(values, name, current[name]);
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
      <ActiveField values={values} errors={errors} current={current.is_active !== "no"} legend="Can officers choose this unit cost?" yes="Yes, it is active" no="No, it is inactive" />
    </>
  );
}
