// The zod schemas of ~/schemas/accounts: checked on the server only (a .server module never reaches
// the browser, and any page importing zod would carry all of it there). The words, limits and
// field names they use are in accounts.ts, which pages may import.
import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./accounts";

export const newPasswordSchema = z
  .object({
    password: z
      .string()
      .min(1, "Enter a password")
      .min(MIN_PASSWORD_LENGTH, `Your password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, "Your password must be 200 characters or fewer"),
    confirmPassword: z.string().min(1, "Enter your password again"),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword && value.password !== value.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The passwords do not match" });
    }
  });

export const forgotPasswordSchema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address").max(254).email("Enter an e-mail address in the correct format, like name@example.org"),
});

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password") })
  .and(newPasswordSchema);
