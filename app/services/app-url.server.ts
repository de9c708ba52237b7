// Where the portal lives on the web, for links that leave it (e-mails, calendars, open data).

/**
 * The portal's public address, from APP_URL and nothing else: never from the request,
 * whose Host and X-Forwarded-Host headers anyone can set (a reset link built from them
 * would carry a live token to another site). Required in production; in development it is
 * the local server.
 */
export function appBaseUrl(): string {
  const configured = process.env.APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  if (process.env.NODE_ENV === "production") throw new Error("APP_URL must be set when NODE_ENV=production, e.g. APP_URL=https://portal.example.gov.uk");
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

/** An absolute address on the portal for a path of its own, e.g. "/opportunities/t1". */
export function appUrl(pathname: string): string {
  return new URL(pathname, `${appBaseUrl()}/`).toString();
}
