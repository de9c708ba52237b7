// Access to a tender, for every tender page. One rule for all of them (requireRecord): a
// tender this user may not know exists answers 404, whoever they are; one they know of but
// may not use as the page asks answers 403 with the reason. Once published, a tender is
// public knowledge to everyone signed in; a draft is known only to the officers covering it.
import { getDb } from "../../../db/client";
import type { SignedInUser } from "~/models/accounts/users.server";
import { loadTender, type LoadedTender } from "~/models/tenders/read.server";
import { hasRole } from "~/policies/actor";
import { can } from "~/policies/index";
import { requireRecord } from "../guards.server";

export interface TenderAccess {
  user: SignedInUser;
  tender: LoadedTender;
}

function tenderGuard(tenderId: string | undefined, now: Date) {
  return {
    load: () => (tenderId ? loadTender(getDb(), tenderId, now) : Promise.resolve(null)),
    see: (user: SignedInUser, tender: LoadedTender) => tender.storedStatus !== "draft" || can(user, "tender:view", tender.record),
    notFoundMessage: "Tender not found",
  };
}

/** The tender, for someone who may read it ("tender:view") or change it ("tender:manage"). */
export async function requireTender(
  request: Request,
  tenderId: string | undefined,
  permission: "tender:view" | "tender:manage",
  now = new Date(),
): Promise<TenderAccess> {
  const { user, record } = await requireRecord(request, {
    ...tenderGuard(tenderId, now),
    act: (u, t) => can(u, permission, t.record),
    refusal: permission === "tender:manage" ? "Only commissioning officers for this tender's districts can change it." : undefined,
  });
  return { user, tender: record };
}

/**
 * The tender, for an officer who may moderate it now ("tender:moderate": covering it, after
 * the closing time). `notYet` says when an officer covering it can.
 */
export async function requireTenderModerator(
  request: Request,
  tenderId: string | undefined,
  notYet: (tender: LoadedTender) => string,
): Promise<TenderAccess> {
  const { user, record } = await requireRecord(request, {
    ...tenderGuard(tenderId, new Date()),
    act: (u, t) => can(u, "tender:moderate", t.record),
    refusal: (u, t) => (can(u, "tender:manage", t.record) ? notYet(t) : "Only commissioning officers for this tender's districts can moderate it."),
  });
  return { user, tender: record };
}

/**
 * The tender, for a provider acting for their organisation (to bid, or to ask a question);
 * `refusal` tells anyone else why not.
 */
export async function requireTenderProvider(
  request: Request,
  tenderId: string | undefined,
  refusal: string,
): Promise<TenderAccess & { organisationId: string }> {
  const { user, record } = await requireRecord(request, {
    ...tenderGuard(tenderId, new Date()),
    act: (u) => hasRole(u, "provider") && !!u.organisationId,
    refusal,
  });
  return { user, tender: record, organisationId: user.organisationId! };
}
