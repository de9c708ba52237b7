// What the officers' e-mails say. Each ends with where to turn it off.
import type { MailMessage } from "~/services/mail.server";

interface Common {
  to: string;
  name: string;
  councilName: string;
  /** The page where the officer acts on it. */
  link: string;
  /** The officer's notifications page. */
  settingsLink: string;
}

function letter(args: Common, subject: string, body: string[]): MailMessage {
  return {
    to: args.to,
    subject,
    text: [
      `Dear ${args.name},`,
      "",
      ...body,
      args.link,
      "",
      `You get this e-mail because it is turned on in your account. To turn it off: ${args.settingsLink}`,
      "",
      args.councilName,
    ].join("\n"),
  };
}

export function returnSubmittedEmail(args: Common & {
  resubmitted: boolean; late: boolean; organisationName: string; projectReference: string; projectTitle: string; quarter: string; districtName: string;
}): MailMessage {
  const verb = args.resubmitted ? "resubmitted" : "submitted";
  return letter(args, `Return ${verb}: ${args.projectReference} ${args.quarter}`, [
    `${args.organisationName} has ${verb} the ${args.quarter} return for ${args.projectReference} ${args.projectTitle} (${args.districtName})` +
      (args.resubmitted ? ", with changes after your query." : args.late ? ". It was submitted after its due date." : "."),
    "It is waiting for review:",
  ]);
}

export function clarificationAskedEmail(args: Common & { organisationName: string; tenderReference: string; tenderTitle: string; closes: string; question: string }): MailMessage {
  return letter(args, `Clarification question on ${args.tenderReference}`, [
    `${args.organisationName} has asked a clarification question about ${args.tenderReference} ${args.tenderTitle}, which closes at ${args.closes}:`,
    "",
    args.question,
    "",
    "Answer it (the question and answer are then published to every bidder, without saying who asked):",
  ]);
}

export function registrationWaitingEmail(args: Common & { organisationName: string; contactName: string }): MailMessage {
  return letter(args, `Registration waiting for approval: ${args.organisationName}`, [
    `${args.organisationName} has registered with the portal (contact: ${args.contactName}). It cannot bid until its registration is approved.`,
    "Check the details and approve or reject it:",
  ]);
}
