// What an administrator may set without a deploy. The same schema reads the stored values
// (text key/value rows), so every caller gets numbers as numbers; the settings form types
// money in pounds and sizes in MB, and is read back to the stored units here.
// The schemas are in settings.server.ts; this module holds what pages may import too (no zod here,
// which would reach the browser).

export const MB = 1024 * 1024;

export const SETTINGS_MESSAGES = {
  visitThreshold: "Enter the visit threshold in pounds, like 10000 or 10,000.00",
  maxUpload: "Enter the largest file size in MB, like 10 or 2.5",
} as const;

export const poundsForForm = (pence: number): string => (pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2));

export const mbForForm = (bytes: number): string => String(Number((bytes / MB).toFixed(2)));
