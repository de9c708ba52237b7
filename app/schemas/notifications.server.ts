// The zod schemas of ~/schemas/notifications: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in notifications.ts, which pages may import.
import { z } from "zod";
import type { OfficerNotificationKind } from "../../db/schema";
import { OFFICER_NOTIFICATIONS } from "./notifications";

/** The notifications form: the e-mails left ticked (none ticked is all turned off). */
export const notificationChoicesSchema = z.object({
  kinds: z.array(z.string())
    .default([])
    .refine((kinds) => kinds.length <= OFFICER_NOTIFICATIONS.length && kinds.every((k) => (OFFICER_NOTIFICATIONS as readonly string[]).includes(k)), "Choose from the e-mails listed")
    .transform((kinds) => kinds as OfficerNotificationKind[]),
});
