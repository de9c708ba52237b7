// Access to the profile pages, by the one rule (requireRecord). Districts are reference data
// every signed-in user knows exist (they name tenders and projects), so a page about a
// district answers 404 only when there is no such district, and 403, with the reason, to
// someone who may not do what the page does there. A published edition is a record of its
// own: among those who read profiles at all, someone who may not read it is not told it exists.
// Context figures are part of the profile, so their pages are guarded here too.
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { listEditableDistricts, type ContextDistrict } from "~/models/context/grid.server";
import { getPublication, type Publication } from "~/models/profiles/publishing.server";
import { can, type Permission } from "~/policies/index";
import { forbidden, requirePermission, requireRecord, requireUser } from "../guards.server";

export interface DistrictRef {
  id: string;
  name: string;
}

type DistrictPermission = Extract<Permission, "profile:view-live" | "profile:curate" | "context:edit">;

/** The district a page is about, once the user may do `permission` there; `refusal` says why not. */
export async function requireDistrictAccess(
  request: Request,
  districtId: string | undefined,
  permission: DistrictPermission,
  refusal: string,
): Promise<{ user: SignedInUser; district: DistrictRef }> {
  const { user, record } = await requireRecord(request, {
    load: async () =>
      districtId ? (await getDb().selectFrom("districts").select(["id", "name"]).where("id", "=", districtId).executeTakeFirst()) ?? null : null,
    see: () => true,
    act: (u, d) => can(u, permission, { id: d.id }),
    refusal,
    notFoundMessage: "District not found",
  });
  return { user, district: record };
}

/**
 * A published edition, for someone who may read it ("profile:view-published"). Those with
 * no part in profiles (providers, panel members) are refused the section; a reader of other
 * districts' profiles is answered 404.
 */
export async function requirePublication(request: Request, publicationId: string | undefined): Promise<{ user: SignedInUser; publication: Publication }> {
  await requirePermission(request, "profiles:browse");
  const { user, record } = await requireRecord(request, {
    load: () => (publicationId ? getPublication(getDb(), publicationId) : Promise.resolve(null)),
    see: (u, p) => can(u, "profile:view-published", { id: p.districtId }),
    notFoundMessage: "Published profile not found",
  });
  return { user, publication: record };
}

/**
 * The districts whose context figures this user enters ("context:edit"), for the pages
 * about all of them (the list, the import, the download): refused to those who enter none.
 */
export async function requireContextDistricts(request: Request, refusal: string): Promise<{ user: SignedInUser; districts: ContextDistrict[] }> {
  const user = await requireUser(request);
  const districts = await listEditableDistricts(getDb(), user);
  if (districts.length === 0) forbidden(user, refusal);
  return { user, districts };
}
