// Outgoing e-mail through nodemailer. With SMTP_URL set it goes to that server; without
// it (development) each message is written as an .eml file under data/outbox/.
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export const outboxDir = (): string => process.env.MAIL_OUTBOX_DIR ?? "data/outbox";

function fromAddress(): string {
  return process.env.MAIL_FROM ?? "Early help portal <no-reply@portal.example>";
}

/** Sends one message. Returns where it went, for the console and for tests. */
export async function sendMail(message: MailMessage): Promise<{ delivered: "smtp" | "file"; path?: string }> {
  const smtpUrl = process.env.SMTP_URL;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    try {
      await transport.sendMail({ from: fromAddress(), ...message });
    } finally {
      transport.close();
    }
    return { delivered: "smtp" };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const info = await transport.sendMail({ from: fromAddress(), ...message });
  const dir = outboxDir();
  fs.mkdirSync(dir, { recursive: true });
  const safeTo = message.to.replace(/[^a-z0-9@._-]/gi, "_");
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${safeTo}.eml`);
  fs.writeFileSync(file, info.message as Buffer);
  console.info(`E-mail to ${message.to} ("${message.subject}") written to ${file}`);
  return { delivered: "file", path: file };
}

/**
 * Mail goes out after the transaction that caused it has committed. A failure to send is
 * logged rather than undoing the change: an officer can resend an invitation.
 */
export async function sendMailAfterCommit(message: MailMessage): Promise<boolean> {
  try {
    await sendMail(message);
    return true;
  } catch (error) {
    console.error(`Could not send e-mail to ${message.to}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
