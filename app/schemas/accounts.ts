// The password rules' limit, which the forms show. The schemas are in accounts.server.ts; this
// module holds what pages may import too (no zod here, which would reach the browser).

// Length over complexity, as the NCSC advises: a long passphrase beats a short jumble.
export const MIN_PASSWORD_LENGTH = 12;
