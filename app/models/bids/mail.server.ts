// The e-mails a bidder receives: the receipt for a submission, and the receipt for a bid
// confirmed after the tender changed. Each carries what a provider would need to prove what
// they sent and when: the reference, the time in UK time, and the fingerprint.
import { formatDateTime } from "~/lib/dates";
import { formatPence } from "~/lib/money";
import type { MailMessage } from "../../services/mail.server";

export interface BidReceiptArgs {
  to: string;
  name: string;
  councilName: string;
  organisationName: string;
  tenderReference: string;
  tenderTitle: string;
  bidReference: string;
  bidTitle: string;
  amountPence: number | null;
  /** ISO; shown in UK time. */
  at: string;
  fingerprint: string;
  attachments: { filename: string; sha256: string }[];
  link: string;
}

function receiptBody(args: BidReceiptArgs, opening: string[]): string {
  return [
    `Dear ${args.name},`,
    "",
    ...opening,
    "",
    `Reference: ${args.bidReference}`,
    `Tender: ${args.tenderReference} – ${args.tenderTitle}`,
    `Organisation: ${args.organisationName}`,
    `Project: ${args.bidTitle}`,
    `Amount requested: ${args.amountPence === null ? "not given" : formatPence(args.amountPence)}`,
    `Time: ${formatDateTime(args.at)} (UK time)`,
    `Fingerprint (SHA-256): ${args.fingerprint}`,
    ...(args.attachments.length
      ? ["", "Attachments:", ...args.attachments.map((f) => `- ${f.filename} (SHA-256 ${f.sha256})`)]
      : []),
    "",
    "The fingerprint is worked out from everything in your bid: your answers, the amount, the budget, the indicators and the attachments. If anything in the bid changed, the fingerprint would change too. Keep this e-mail as your proof of what you sent.",
    "",
    "You can see your bid and this receipt at:",
    args.link,
    "",
    `${args.councilName}`,
  ].join("\n");
}

export function bidReceiptEmail(args: BidReceiptArgs): MailMessage {
  return {
    to: args.to,
    subject: `Bid received: ${args.bidReference} for ${args.tenderTitle}`,
    text: receiptBody(args, [
      `We have received ${args.organisationName}'s bid for ${args.tenderReference}, ${args.tenderTitle}.`,
      "Bids stay sealed until the tender closes; nobody at the council can read yours before then.",
    ]),
  };
}

export function bidConfirmedEmail(args: BidReceiptArgs): MailMessage {
  return {
    to: args.to,
    subject: `Bid confirmed: ${args.bidReference} for ${args.tenderTitle}`,
    text: receiptBody(args, [
      `You have confirmed ${args.organisationName}'s bid for ${args.tenderReference}, ${args.tenderTitle}, after the tender changed.`,
      "Your bid stands as submitted. Its fingerprint now also covers the tender as it is after the change.",
    ]),
  };
}
