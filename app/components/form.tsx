// The portal's form: Remix's Form with the session's forgery token in a hidden field, so
// every form that changes something carries it (app/http/forgery.server.ts checks it).
// Use this, not Remix's Form, for every form. `warnUnsaved` asks before a page with typed,
// unsaved changes is left (app/components/unsaved-changes.ts): for long forms, bids and returns.
import { Form as RemixForm, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { forwardRef, useImperativeHandle, useRef } from "react";
import { FORM_TOKEN_FIELD } from "~/lib/forms";
import { UnsavedChangesGuard } from "./unsaved-changes";

export const Form = forwardRef<HTMLFormElement, FormProps & { warnUnsaved?: boolean }>(function Form({ children, method, warnUnsaved = false, ...props }, ref) {
  const root = useRouteLoaderData<{ formToken?: string }>("root");
  const changes = (method ?? "get").toLowerCase() !== "get";
  const own = useRef<HTMLFormElement>(null);
  useImperativeHandle(ref, () => own.current!, []);
  return (
    <RemixForm ref={own} method={method} {...props}>
      {changes && root?.formToken ? <input type="hidden" name={FORM_TOKEN_FIELD} value={root.formToken} /> : null}
      {warnUnsaved ? <UnsavedChangesGuard formRef={own} /> : null}
      {children}
    </RemixForm>
  );
});
