// govuk-frontend ships no TypeScript types; this is the one function the app calls.
declare module "govuk-frontend" {
  export function initAll(config?: { onError?: (error: unknown) => void }): void;
}
