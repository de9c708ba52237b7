// A form with changes not yet saved warns before the page is left: the browser's own prompt
// when the tab is closed or reloaded, and a question for a link inside the portal (Remix moves
// between pages without unloading, so the browser would not ask). Sending the form is not
// leaving it. Without JavaScript there is nothing to warn with: the forms that use this keep
// a "Save and come back later" button instead.
import { useBlocker, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type RefObject } from "react";

export const UNSAVED_CHANGES_QUESTION = "You have changes that are not saved. Leave this page and lose them?";

/**
 * Rendered inside the one form on a page that should warn (a router holds one blocker at a
 * time, so it is a component a page renders once, not a hook every form calls).
 */
export function UnsavedChangesGuard({ formRef }: { formRef: RefObject<HTMLFormElement | null> }): null {
  useUnsavedChangesWarning(formRef, true);
  return null;
}

function useUnsavedChangesWarning(formRef: RefObject<HTMLFormElement | null>, enabled: boolean): void {
  const [dirty, setDirty] = useState(false);
  const navigation = useNavigation();
  const sending = useRef(false);

  useEffect(() => {
    const form = formRef.current;
    if (!enabled || !form) return;
    const changed = () => setDirty(true);
    const sent = () => {
      sending.current = true;
      setDirty(false);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", sent);
    return () => {
      form.removeEventListener("input", changed);
      form.removeEventListener("change", changed);
      form.removeEventListener("submit", sent);
    };
  }, [formRef, enabled]);

  useEffect(() => {
    if (navigation.state === "idle") sending.current = false;
  }, [navigation.state]);

  useEffect(() => {
    if (!dirty) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when this is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [dirty]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    enabled && dirty && !sending.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(UNSAVED_CHANGES_QUESTION)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
}
