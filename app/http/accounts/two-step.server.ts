// Setting up two-step verification from a form, at sign-in (where it is required) and from
// the account page (where it is chosen). The new secret travels in a hidden field with a
// signature bound to the user, so the secret that is kept is the one the page showed them,
// and nothing is written until a code from their app checks out.
import { z } from "zod";
import type { Db } from "../../../db/client";
import { failure, formValues, type FormFailure } from "~/lib/forms";
import type { AuditContext } from "~/models/audit/record.server";
import { getSettings } from "~/models/admin/settings.server";
import { enableTwoStep, isTotpSecret, newTotpSecret, twoStepSetup, type TwoStepSetup } from "~/models/accounts/two-step.server";
import { signatureFor, signatureMatches } from "~/services/session.server";
import { endUserSessions } from "~/models/accounts/sessions.server";

export interface SetupForm extends TwoStepSetup {
  secret: string;
  signature: string;
}

const purpose = (userId: string, secret: string) => `two-step-setup:${userId}:${secret}`;

/** The secret's QR code and key, named in the app by the council and the person's e-mail address. */
async function setupForm(db: Db, user: { id: string; email: string }, secret: string): Promise<SetupForm> {
  const { council_name } = await getSettings(db);
  const setup = await twoStepSetup(secret, user.email, `${council_name} early help portal`);
  return { ...setup, secret, signature: signatureFor(purpose(user.id, secret)) };
}

/** A new secret for the user, with its QR code and the signature the form sends back. */
export const newSetupForm = (db: Db, user: { id: string; email: string }) => setupForm(db, user, newTotpSecret());

const setupFields = z.object({ secret: z.string().refine(isTotpSecret), signature: z.string().min(1).max(200), code: z.string().max(50) });

export type SetupOutcome = { ok: true; recoveryCodes: string[] } | (FormFailure & { setup: SetupForm | null });

/**
 * Reads the set-up form and turns two-step verification on. A wrong code shows the same
 * secret and QR code again, so the app the person already added still works.
 */
export async function setUpFromForm(
  db: Db,
  audit: AuditContext,
  user: { id: string; email: string },
  form: FormData,
  keepSessionId: string | null,
): Promise<SetupOutcome> {
  const values = formValues(form);
  const parsed = setupFields.safeParse(values);
  if (!parsed.success || !signatureMatches(purpose(user.id, parsed.data.secret), parsed.data.signature)) {
    // Not a form this page made for this person: start again with a new secret.
    return { ...failure({}, {}, "The set-up page has changed. Add the new key below to your app and enter its code"), setup: await newSetupForm(db, user) };
  }
  const { secret, code } = parsed.data;
  const enabled = await db.transaction().execute(async (trx) => {
    const result = await enableTwoStep(trx, audit, { userId: user.id, secret, code });
    // Sessions started with the password alone (perhaps someone else's) end; this one, if any, stays.
    if (result.ok) await endUserSessions(trx, user.id, { except: keepSessionId });
    return result;
  });
  if (enabled.ok) return enabled;
  return { ...failure({ code }, { code: enabled.message }), setup: await setupForm(db, user, secret) };
}
