// The e-mails that tell officers something is waiting for them. Each is on unless the
// officer turns it off on their account's notifications page.
// The schemas are in notifications.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).
import type { OfficerNotificationKind } from "../../db/schema";

export type { OfficerNotificationKind };

export const OFFICER_NOTIFICATIONS: readonly OfficerNotificationKind[] = ["return_submitted", "clarification_asked", "registration_waiting"];

export const OFFICER_NOTIFICATION_LABELS: Record<OfficerNotificationKind, { label: string; hint: string }> = {
  return_submitted: {
    label: "A quarterly return is submitted or resubmitted",
    hint: "For projects in your districts, when the return is ready for you to review.",
  },
  clarification_asked: {
    label: "A provider asks a clarification question about a tender",
    hint: "For tenders in your districts, so you can answer it before the tender closes.",
  },
  registration_waiting: {
    label: "An organisation registers and is waiting for approval",
    hint: "A new provider cannot bid until its registration is approved.",
  },
};
