// After an award has committed: tell every bidder that their assessment summary is ready.
// The e-mail says only that, with the link; the outcome and the scores are read on the
// portal, behind sign-in, by the bidder's own staff.
import type { Executor } from "../../../db/client";
import { appUrl } from "../../services/app-url.server";
import { sendMailAfterCommit, type MailMessage } from "../../services/mail.server";

export function assessmentSummaryReadyEmail(args: {
  to: string;
  name: string;
  organisationName: string;
  tenderReference: string;
  tenderTitle: string;
  councilName: string;
  link: string;
}): MailMessage {
  return {
    to: args.to,
    subject: `Your assessment summary for ${args.tenderReference} is ready`,
    text: [
      `Dear ${args.name},`,
      "",
      `${args.councilName} has made its decision on the bids for ${args.tenderReference} ${args.tenderTitle}.`,
      `The assessment summary for ${args.organisationName}'s bid is ready: the decision, how the bid was scored against each criterion, and the panel's feedback.`,
      "",
      "Sign in to read it:",
      args.link,
      "",
      `${args.councilName}`,
    ].join("\n"),
  };
}

/**
 * Who hears about an organisation's bid: its active provider users; an organisation with
 * none yet hears at its contact address.
 */
export async function bidderRecipients(db: Executor, organisationId: string): Promise<{ email: string; name: string; organisationName: string }[]> {
  const [organisation, users] = await Promise.all([
    db.selectFrom("organisations").select(["name", "contact_name", "contact_email"]).where("id", "=", organisationId).executeTakeFirst(),
    db
      .selectFrom("users")
      .innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select(["users.email", "users.name"])
      .where("users.organisation_id", "=", organisationId)
      .where("users.is_active", "=", 1)
      .where("user_roles.role", "=", "provider")
      .orderBy("users.email")
      .execute(),
  ]);
  if (!organisation) return [];
  if (users.length) return users.map((u) => ({ email: u.email, name: u.name, organisationName: organisation.name }));
  if (organisation.contact_email) {
    return [{ email: organisation.contact_email, name: organisation.contact_name ?? organisation.name, organisationName: organisation.name }];
  }
  return [];
}

/**
 * Sends the e-mails for every decided bid. Returns how many went, and which addresses failed
 * or which bidders have no address at all: those must be sent their summary another way.
 */
export async function sendAssessmentSummaryEmails(
  db: Executor,
  args: { tender: { reference: string; title: string }; councilName: string; bids: readonly { bidId: string; organisationId: string; organisationName: string }[] },
): Promise<{ sent: number; failed: string[] }> {
  let sent = 0;
  const failed: string[] = [];
  for (const bid of args.bids) {
    const recipients = await bidderRecipients(db, bid.organisationId);
    if (recipients.length === 0) failed.push(`${bid.organisationName} (no e-mail address)`);
    for (const r of recipients) {
      const ok = await sendMailAfterCommit(
        assessmentSummaryReadyEmail({
          to: r.email,
          name: r.name,
          organisationName: r.organisationName,
          tenderReference: args.tender.reference,
          tenderTitle: args.tender.title,
          councilName: args.councilName,
          link: appUrl(`/bids/${bid.bidId}/outcome`),
        }),
      );
      if (ok) sent += 1;
      else failed.push(r.email);
    }
  }
  return { sent, failed };
}
