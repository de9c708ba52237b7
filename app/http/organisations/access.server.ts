// Access to an organisation's page, by the one rule (requireRecord): officers and admins see
// any organisation; a provider's staff see their own, and any other address is "not found",
// never "forbidden", so it does not confirm the record exists. Panel members and viewers
// have no part in the register at all, so the section is refused them whatever the address.
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { getOrganisation, type Organisation } from "~/models/organisations/organisations.server";
import { hasRole } from "~/policies/actor";
import { can } from "~/policies/index";
import { forbidden, requireRecord, requireUser } from "../guards.server";

export async function requireOrganisationViewer(request: Request, organisationId: string | undefined): Promise<{ user: SignedInUser; organisation: Organisation }> {
  const user = await requireUser(request);
  if (!can(user, "organisations:list") && !hasRole(user, "provider")) forbidden(user);
  const { record } = await requireRecord(request, {
    load: () => getOrganisation(getDb(), organisationId ?? ""),
    see: (u, o) => can(u, "organisation:view", o),
  });
  return { user, organisation: record };
}
