// The portal's form: Remix's Form with the session's forgery token in a hidden field, so
// every form that changes something carries it (app/http/forgery.server.ts checks it).
// Use this, not Remix's Form, for every form.
import { Form as RemixForm, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { forwardRef } from "react";
import { FORM_TOKEN_FIELD } from "~/lib/forms";

export const Form = forwardRef<HTMLFormElement, FormProps>(function Form({ children, method, ...props }, ref) {
  const root = useRouteLoaderData<{ formToken?: string }>("root");
  const changes = (method ?? "get").toLowerCase() !== "get";
  return (
    <RemixForm ref={ref} method={method} {...props}>
      {changes && root?.formToken ? <input type="hidden" name={FORM_TOKEN_FIELD} value={root.formToken} /> : null}
      {children}
    </RemixForm>
  );
});
