// The portal's form: Remix's Form with the session's forgery token in a hidden field, so
// every form that changes something carries it (app/http/forgery.server.ts checks it).
// Use this, not Remix's Form, for every form. `warnUnsaved` asks before a page with typed,
// unsaved changes is left; `autosave` also saves the draft as it is typed and keeps the
// record's version field itself (app/components/unsaved-changes.tsx): for bids and returns.
import { Form as RemixForm, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { forwardRef, useImperativeHandle, useRef } from "react";
import { FORM_TOKEN_FIELD } from "~/lib/forms";
import { AutosavingDraft, UnsavedChangesGuard } from "./unsaved-changes";

export interface PortalFormProps extends FormProps {
  warnUnsaved?: boolean;
  /** The record the form saves and the version it was loaded with; the form renders the `version` field. */
  autosave?: { id: string; version: number };
}

export const Form = forwardRef<HTMLFormElement, PortalFormProps>(function Form({ children, method, warnUnsaved = false, autosave, ...props }, ref) {
  const root = useRouteLoaderData<{ formToken?: string }>("root");
  const changes = (method ?? "get").toLowerCase() !== "get";
  const own = useRef<HTMLFormElement>(null);
  useImperativeHandle(ref, () => own.current!, []);
  return (
    <RemixForm ref={own} method={method} {...props}>
      {changes && root?.formToken ? <input type="hidden" name={FORM_TOKEN_FIELD} value={root.formToken} /> : null}
      {autosave ? (
        <AutosavingDraft key={autosave.id} formRef={own} version={autosave.version} />
      ) : warnUnsaved ? (
        <UnsavedChangesGuard formRef={own} />
      ) : null}
      {children}
    </RemixForm>
  );
});
