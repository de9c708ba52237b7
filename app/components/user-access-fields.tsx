// Who a user is to the portal: their roles, a provider's organisation and an officer's
// districts. The invitation form and the user's own page ask the same questions. With
// JavaScript, the organisation shows only while "Provider" is ticked and the district scope
// only while "Commissioning officer" is; hidden, they are still sent, and the server ignores
// them for other roles (toAccessInput). Without JavaScript every field shows, each saying
// whom it is for.
import { useEffect, useState, type ChangeEvent } from "react";
import { ROLES, type Role } from "../../db/schema";
import { Checkboxes, Radios, Select } from "~/components/forms";
import { fieldValue, fieldValues, type FormValues } from "~/lib/forms";
import { ROLE_LABELS } from "~/policies/actor";

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  provider: "Works for a provider organisation: bids for funding and reports on projects",
  panel: "Scores bids on the tender panel",
  officer: "Commissions projects and approves providers in their districts",
  viewer: "Sees district performance, for example a partnership board member",
  admin: "Manages users, reference data and settings",
};

/** Roles, organisation and district scope. The user's page shows the same fields. */
export function UserAccessFields({ values, errors, organisations, districts, current }: {
  values: FormValues | undefined;
  errors: Record<string, string>;
  organisations: { id: string; name: string }[];
  districts: { id: string; name: string }[];
  /** The record's values, shown until the form comes back with what was typed. */
  current?: { roles: string[]; organisationId: string | null; countyWide: boolean; districtIds: string[] };
}) {
  const ticked = fieldValues(values, "roles", current?.roles);
  // Null until the page is interactive: everything shows, as it must without JavaScript.
  const [roles, setRoles] = useState<string[] | null>(null);
  const tickedKey = ticked.join(",");
  useEffect(() => setRoles(tickedKey ? tickedKey.split(",") : []), [tickedKey]);
  const shows = (role: Role) => roles === null || roles.includes(role);
  const roleChanged = (event: ChangeEvent<HTMLDivElement>) => {
    const input = event.target as unknown as HTMLInputElement;
    if (input.name !== "roles[]") return;
    setRoles((now) => {
      const rest = (now ?? []).filter((r) => r !== input.value);
      return input.checked ? [...rest, input.value] : rest;
    });
  };
  return (
    <>
      <div onChange={roleChanged}>
        <Checkboxes
          name="roles"
          legend="Roles"
          hint="Select all that apply."
          error={errors.roles}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: ROLE_HINTS[r] }))}
          defaultValues={ticked}
        />
      </div>
      <div hidden={!shows("provider")}>
        <Select
          name="organisationId"
          label="Provider organisation"
          hint="Only for providers: the organisation they work for."
          error={errors.organisationId}
          emptyLabel="Not a provider"
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          defaultValue={fieldValue(values, "organisationId", current?.organisationId)}
        />
      </div>
      <div hidden={!shows("officer")}>
        <Radios
          name="countyWide"
          legend="Does this officer cover the whole county?"
          hint="Only for commissioning officers."
          error={errors.countyWide}
          inline
          options={[
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]}
          defaultValue={fieldValue(values, "countyWide", current?.countyWide ? "yes" : "no")}
        />
        <Checkboxes
          name="districts"
          legend="Districts this officer covers"
          hint="Only for commissioning officers who do not cover the whole county."
          error={errors.districts}
          small
          options={districts.map((d) => ({ value: d.id, label: d.name }))}
          defaultValues={fieldValues(values, "districts", current?.districtIds)}
        />
      </div>
    </>
  );
}
