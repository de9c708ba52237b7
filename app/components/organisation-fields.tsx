// An organisation's fields, for the three forms that take them: an administrator adding one,
// an administrator changing one, and a provider registering itself. The register asks the
// same questions in a provider's words, with the postcode and a contact required, and
// leaves out what only the council records (the type and the 360Giving identifier).
import { Radios, Textarea, TextInput } from "~/components/forms";
import { fieldValue, type FieldErrors, type FormValues } from "~/lib/forms";
import type { Organisation } from "~/models/organisations/organisations.server";
import { ORGANISATION_TYPES, TYPE_LABELS } from "~/schemas/organisations";

/** What a change page fills the form with: the organisation as saved. */
export type OrganisationFormDefaults = Pick<
  Organisation,
  "name" | "type" | "charityNumber" | "companyNumber" | "orgIdentifier" | "address" | "postcode" | "contactName" | "contactEmail"
>;

export function OrganisationFields({ registration, values, errors, current }: {
  /** The public register form rather than the council's own. */
  registration?: boolean;
  values: FormValues | undefined;
  errors: FieldErrors;
  current?: OrganisationFormDefaults;
}) {
  const v = (name: string, saved?: string | null) => fieldValue(values, name, saved ?? undefined);
  return (
    <>
      <TextInput name="name" label="Organisation name" defaultValue={v("name", current?.name)} error={errors.name} autoComplete="organization" />
      {registration ? null : (
        <Radios
          name="type"
          legend="Type of organisation"
          options={ORGANISATION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
          defaultValue={v("type", current?.type ?? "provider")}
          error={errors.type}
          inline
        />
      )}
      <TextInput
        name="charity_number"
        label="Charity number (optional)"
        hint={
          registration
            ? "England and Wales: 6 or 7 digits, like 1123456. Scotland: SC and 6 digits. Northern Ireland: NIC and 6 digits."
            : "England and Wales: 6 or 7 digits. Scotland: SC and 6 digits. Northern Ireland: NIC and 6 digits."
        }
        defaultValue={v("charity_number", current?.charityNumber)}
        error={errors.charity_number}
        width="10"
        spellCheck={false}
      />
      <TextInput
        name="company_number"
        label="Company number (optional)"
        hint={registration ? "From Companies House: 8 characters, like 01234567 or SC123456" : "8 characters, like 01234567 or SC123456"}
        defaultValue={v("company_number", current?.companyNumber)}
        error={errors.company_number}
        width="10"
        spellCheck={false}
      />
      {registration ? null : (
        <TextInput
          name="org_identifier"
          label="Organisation identifier (optional)"
          hint="As 360Giving publishes it, like GB-CHC-1123456. Leave blank to make one from the charity or company number."
          defaultValue={v("org_identifier", current?.orgIdentifier)}
          error={errors.org_identifier}
          width="20"
          spellCheck={false}
        />
      )}
      <Textarea name="address" label="Address (optional)" defaultValue={v("address", current?.address)} error={errors.address} rows={3} />
      <TextInput
        name="postcode"
        label={registration ? "Postcode" : "Postcode (optional)"}
        defaultValue={v("postcode", current?.postcode)}
        error={errors.postcode}
        width="10"
        autoComplete="postal-code"
      />
      {registration ? (
        <>
          <h2 className="govuk-heading-m">Who should the council contact?</h2>
          <TextInput name="contact_name" label="Full name" defaultValue={v("contact_name")} error={errors.contact_name} autoComplete="name" />
          <TextInput
            name="contact_email"
            label="E-mail address"
            hint="The invitation to set up an account is sent here"
            type="email"
            defaultValue={v("contact_email")}
            error={errors.contact_email}
            autoComplete="email"
            spellCheck={false}
          />
        </>
      ) : (
        <>
          <TextInput name="contact_name" label="Contact name (optional)" defaultValue={v("contact_name", current?.contactName)} error={errors.contact_name} />
          <TextInput
            name="contact_email"
            label="Contact e-mail address (optional)"
            type="email"
            defaultValue={v("contact_email", current?.contactEmail)}
            error={errors.contact_email}
            spellCheck={false}
          />
        </>
      )}
    </>
  );
}
