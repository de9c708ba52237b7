// The words of the portal's e-mails, kept together so they read as one voice.
import type { MailMessage } from "./mail.server";

export function invitationEmail(args: { to: string; name: string; councilName: string; link: string }): MailMessage {
  return {
    to: args.to,
    subject: `You have been invited to the ${args.councilName} early help portal`,
    text: [
      `Dear ${args.name},`,
      "",
      `You have been invited to use the ${args.councilName} early help commissioning portal.`,
      "",
      "To set your password and sign in, open this link:",
      args.link,
      "",
      "The link works once and expires in 7 days. If it has expired, ask the council to send a new one.",
      "",
      `${args.councilName}`,
    ].join("\n"),
  };
}

export function passwordResetEmail(args: { to: string; name: string; councilName: string; link: string }): MailMessage {
  return {
    to: args.to,
    subject: `Reset your password for the ${args.councilName} early help portal`,
    text: [
      `Dear ${args.name},`,
      "",
      "Someone asked to reset the password for your account. If it was you, open this link to choose a new password:",
      args.link,
      "",
      "The link works once and expires in 1 hour. If you did not ask for this, you can ignore this e-mail: your password has not changed.",
      "",
      `${args.councilName}`,
    ].join("\n"),
  };
}

export function registrationReceivedEmail(args: { to: string; name: string; organisationName: string; councilName: string }): MailMessage {
  return {
    to: args.to,
    subject: `We have received ${args.organisationName}'s registration`,
    text: [
      `Dear ${args.name},`,
      "",
      `Thank you for registering ${args.organisationName} with the ${args.councilName} early help portal.`,
      "A commissioning officer will check the details. When they approve the registration you will receive an e-mail inviting you to set a password.",
      "",
      `${args.councilName}`,
    ].join("\n"),
  };
}

export function registrationRejectedEmail(args: { to: string; name: string; organisationName: string; councilName: string; reason: string; supportEmail: string }): MailMessage {
  return {
    to: args.to,
    subject: `The registration of ${args.organisationName} has not been approved`,
    text: [
      `Dear ${args.name},`,
      "",
      `A commissioning officer has checked the registration of ${args.organisationName} with the ${args.councilName} early help portal and has not approved it.`,
      "",
      "The reason they gave:",
      args.reason,
      "",
      `If you have questions, or think this is a mistake, contact ${args.supportEmail}.`,
      "",
      `${args.councilName}`,
    ].join("\n"),
  };
}
