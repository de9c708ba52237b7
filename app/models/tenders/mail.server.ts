// The words of the e-mails a tender sends: amendments, cancellation, and a clarification
// question answered. Kept apart from the foundation's templates so the tender journey
// reads as one voice; same shape (a MailMessage per recipient).
import { formatDateTime } from "~/lib/dates";
import type { MailMessage } from "../../services/mail.server";

interface TenderMailBase {
  to: string;
  name: string;
  councilName: string;
  reference: string;
  title: string;
  link: string;
}

export function amendmentEmail(args: TenderMailBase & {
  summary: string;
  material: boolean;
  closesAt: string;
  /** The recipient's organisation has a submitted bid that must now be confirmed. */
  mustConfirmBid: boolean;
  changedFields: string[];
}): MailMessage {
  const lines = [
    `Dear ${args.name},`,
    "",
    `The council has amended the tender ${args.reference}, ${args.title}, which your organisation is bidding for.`,
    "",
    "What has changed:",
    args.summary,
  ];
  if (args.changedFields.length > 0) {
    lines.push("", `Parts of the tender changed: ${args.changedFields.join(", ")}.`);
  }
  lines.push("", `The tender now closes at ${formatDateTime(args.closesAt)} (UK time).`);
  if (args.material) {
    lines.push("", "The council considers this a material change: it may affect how you answer.");
    if (args.mustConfirmBid) {
      lines.push(
        "Your organisation has already submitted a bid. Before the closing time, sign in and either confirm that your bid still stands or change it and submit it again.",
      );
    } else {
      lines.push("Check your draft bid against the amended tender before you submit it.");
    }
  }
  lines.push("", "See the amended tender:", args.link, "", args.councilName);
  return {
    to: args.to,
    subject: `${args.material ? "Material amendment" : "Amendment"} to tender ${args.reference}: ${args.title}`,
    text: lines.join("\n"),
  };
}

export function cancellationEmail(args: TenderMailBase & { reason: string }): MailMessage {
  return {
    to: args.to,
    subject: `Tender ${args.reference} has been cancelled: ${args.title}`,
    text: [
      `Dear ${args.name},`,
      "",
      `The council has cancelled the tender ${args.reference}, ${args.title}, which your organisation was bidding for.`,
      "No bids for it will be evaluated, and bids can no longer be submitted.",
      "",
      "The reason the council gave:",
      args.reason,
      "",
      "The tender's page:",
      args.link,
      "",
      "Thank you for the time you gave to your bid.",
      "",
      args.councilName,
    ].join("\n"),
  };
}

export function clarificationAnsweredEmail(args: TenderMailBase & { question: string; answer: string }): MailMessage {
  return {
    to: args.to,
    subject: `Your question about tender ${args.reference} has been answered`,
    text: [
      `Dear ${args.name},`,
      "",
      `The council has answered your question about the tender ${args.reference}, ${args.title}.`,
      "The question and answer are now published on the tender's page for every bidder to see. Your name and your organisation's are not shown.",
      "",
      "Question:",
      args.question,
      "",
      "Answer:",
      args.answer,
      "",
      "See the tender:",
      args.link,
      "",
      args.councilName,
    ].join("\n"),
  };
}
