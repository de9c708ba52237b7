// Typed work is not lost. A form with changes not yet saved warns before the page is left:
// the browser's own prompt when the tab is closed or reloaded, and a question for a link
// inside the portal (Remix moves between pages without unloading, so the browser would not
// ask). Sending the form is not leaving it.
//
// A form that autosaves (the bid, the long sections of a return) also saves itself in the
// background a moment after the last change (app/lib/autosave.ts), with the version check
// of its own save button, and says when it last did. Leaving by a link first saves what is
// pending, so only a save that fails asks. The form holds the latest version itself, so its
// own buttons never collide with a background save. Without JavaScript none of this runs:
// those forms keep a save button that saves whatever state the draft is in.
import { useBlocker, useFetcher, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { AUTOSAVE_DELAY_MS, AUTOSAVE_INTENT, type AutosaveDone, type AutosaveFailed } from "~/lib/autosave";
import type { FormFailure } from "~/lib/forms";

export const UNSAVED_CHANGES_QUESTION = "You have changes that are not saved. Leave this page and lose them?";

const NEEDS_CHECKING = "Your latest changes are not saved yet because some answers need checking. Save the form to see which.";

/**
 * Rendered inside the one form on a page that should warn (a router holds one blocker at a
 * time, so it is a component a page renders once, not a hook every form calls).
 */
export function UnsavedChangesGuard({ formRef }: { formRef: RefObject<HTMLFormElement | null> }): null {
  const { dirty, markSent } = useEdits(formRef, () => undefined);
  useSendingTracker(formRef, markSent);
  useLeaveWarning(dirty, (proceed, stay) => (window.confirm(UNSAVED_CHANGES_QUESTION) ? proceed() : stay()));
  return null;
}

/**
 * Whether a field is saved only by the form's own buttons, never in the background: a chosen
 * file, or anything marked data-autosave="off" (removing an indicator).
 */
export function savedOnlyByButton(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && (target.type === "file" || target.dataset.autosave === "off");
}

/**
 * Edits to the form: whether any are unsaved, and a count that tells a save which edits it
 * holds. An edit only a button saves keeps the form unsaved until the form is sent.
 */
function useEdits(formRef: RefObject<HTMLFormElement | null>, onEdit: (event: Event) => void) {
  const [dirty, setDirty] = useState(false);
  const edits = useRef(0);
  const buttonOnly = useRef(false);
  const onEditRef = useRef(onEdit);
  onEditRef.current = onEdit;
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const changed = (event: Event) => {
      edits.current += 1;
      if (savedOnlyByButton(event.target)) buttonOnly.current = true;
      setDirty(true);
      onEditRef.current(event);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    return () => {
      form.removeEventListener("input", changed);
      form.removeEventListener("change", changed);
    };
  }, [formRef]);
  const markSent = useCallback(() => {
    buttonOnly.current = false;
    setDirty(false);
  }, []);
  /** A background save holding the first `upTo` edits has succeeded. */
  const markSaved = useCallback((upTo: number) => {
    if (edits.current === upTo && !buttonOnly.current) setDirty(false);
  }, []);
  return { dirty, edits, buttonOnly, markSent, markSaved };
}

/** The form's own submit: it is not leaving the page, and what it sends is no longer unsaved. */
function useSendingTracker(formRef: RefObject<HTMLFormElement | null>, markSent: () => void, beforeSend?: (event: SubmitEvent) => void) {
  const before = useRef(beforeSend);
  before.current = beforeSend;
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const sent = (event: SubmitEvent) => {
      before.current?.(event);
      // Held back until a background save has answered (AutosavingDraft): not sent yet.
      if (!event.defaultPrevented) markSent();
    };
    form.addEventListener("submit", sent);
    return () => form.removeEventListener("submit", sent);
  }, [formRef, markSent]);
}

/** The browser's prompt for closing the tab, and `ask` for a link inside the portal, while `dirty`. */
function useLeaveWarning(dirty: boolean, ask: (proceed: () => void, stay: () => void) => void) {
  const navigation = useNavigation();
  useEffect(() => {
    if (!dirty) return;
    const prompt = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when this is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", prompt);
    return () => window.removeEventListener("beforeunload", prompt);
  }, [dirty]);

  // A form submission moves to the action's page: that is the form being sent, not left.
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    dirty && navigation.state === "idle" && currentLocation.pathname !== nextLocation.pathname);
  const askRef = useRef(ask);
  askRef.current = ask;
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    askRef.current(() => blocker.proceed(), () => blocker.reset());
  }, [blocker]);
}

type Status = { kind: "idle" | "saved" | "problem" | "stopped"; text: string };

/**
 * The hidden `version` field of a form that autosaves, the "saved at" line, and the saving
 * itself. Rendered once, inside the form, in place of the page's own version field, keyed by
 * the record it saves so another record's page starts afresh.
 */
export function AutosavingDraft({ formRef, version: loadedVersion }: { formRef: RefObject<HTMLFormElement | null>; version: number }) {
  const fetcher = useFetcher<AutosaveDone | AutosaveFailed | FormFailure>();
  const [hydrated, setHydrated] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "idle", text: "Your changes are saved automatically as you type." });
  // A save by one of the form's buttons reloads the page with a newer version; a background
  // save answers with one. The ref is the newest either way, for a save sent before React renders.
  const [savedVersion, setSavedVersion] = useState(loadedVersion);
  const version = Math.max(loadedVersion, savedVersion);
  const versionRef = useRef(version);
  versionRef.current = Math.max(versionRef.current, version);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The edit count a background save under way holds; null when none is. */
  const inFlight = useRef<number | null>(null);
  const again = useRef(false);
  const stopped = useRef(false);
  const leaving = useRef<{ proceed: () => void; stay: () => void } | null>(null);
  /** A button pressed while a background save was under way: undefined when none was. */
  const heldSubmit = useRef<HTMLElement | null | undefined>(undefined);
  const submitRef = useRef(fetcher.submit);
  submitRef.current = fetcher.submit;

  useEffect(() => setHydrated(true), []);

  const { dirty, edits, buttonOnly, markSent, markSaved } = useEdits(formRef, (event) => {
    if (stopped.current) return;
    // A chosen file is uploaded by the form's own buttons, never in the background.
    if (savedOnlyByButton(event.target)) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(saveNow, AUTOSAVE_DELAY_MS);
  });

  const saveNow = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const form = formRef.current;
    if (!form || stopped.current) return;
    if (inFlight.current !== null) {
      again.current = true;
      return;
    }
    const body = new FormData(form);
    for (const [name, value] of [...body.entries()]) {
      // Files go with a button press; so does anything marked as not for autosave (removing an indicator).
      if (typeof value !== "string" || form.querySelector(`[name="${CSS.escape(name)}"][data-autosave="off"]`)) body.delete(name);
    }
    body.set("intent", AUTOSAVE_INTENT);
    body.set("version", String(versionRef.current));
    inFlight.current = edits.current;
    submitRef.current(body, { method: "post", action: form.getAttribute("action") ?? undefined, encType: "multipart/form-data" });
  }, [formRef, edits]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // A background save has answered.
  useEffect(() => {
    if (fetcher.state !== "idle" || inFlight.current === null) return;
    const upTo = inFlight.current;
    inFlight.current = null;
    const data = fetcher.data;
    const done = !!data && "autosaved" in data;
    if (data && "autosaved" in data) {
      versionRef.current = Math.max(versionRef.current, data.autosaved.version);
      setSavedVersion(versionRef.current);
      setStatus({ kind: "saved", text: `Saved automatically at ${data.autosaved.savedAt}.` });
      markSaved(upTo);
    } else if (data && "autosaveFailed" in data) {
      // The server could not save just now (not a refusal): the next change tries again.
      setStatus({ kind: "problem", text: data.autosaveFailed });
    } else if (data && data.formError) {
      // Someone else saved, or the draft can no longer be changed: the form's own button says what to do.
      stopped.current = true;
      setStatus({ kind: "stopped", text: `${data.formError} Your changes are not being saved automatically any more.` });
    } else {
      setStatus({ kind: "problem", text: NEEDS_CHECKING });
    }
    const form = formRef.current;
    if (heldSubmit.current !== undefined && form) {
      // The button goes now, with the version this save answered.
      const submitter = heldSubmit.current;
      heldSubmit.current = undefined;
      const field = form.elements.namedItem("version");
      if (field instanceof HTMLInputElement) field.value = String(versionRef.current);
      form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined);
      return;
    }
    if (again.current && !stopped.current) {
      again.current = false;
      saveNow();
      return;
    }
    if (leaving.current) {
      const { proceed, stay } = leaving.current;
      leaving.current = null;
      // What only a button saves (a chosen file, a removal) is lost by leaving, so that still asks.
      if ((done && edits.current === upTo && !buttonOnly.current) || window.confirm(UNSAVED_CHANGES_QUESTION)) proceed();
      else stay();
    }
  }, [fetcher.state, fetcher.data, markSaved, saveNow, edits, buttonOnly, formRef]);

  useSendingTracker(formRef, markSent, (event) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    again.current = false;
    // Sending the form supersedes a link clicked while a save was under way: stay for the answer.
    if (leaving.current) {
      leaving.current.stay();
      leaving.current = null;
    }
    // A button pressed while a background save is under way waits for its answer, so it goes with the new version.
    if (inFlight.current !== null) {
      event.preventDefault();
      heldSubmit.current = event.submitter;
    }
  });

  useLeaveWarning(dirty, (proceed, stay) => {
    if (stopped.current) {
      if (window.confirm(UNSAVED_CHANGES_QUESTION)) proceed();
      else stay();
      return;
    }
    // Save what is pending, then go (or ask, if it could not be saved).
    leaving.current = { proceed, stay };
    saveNow();
  });

  return (
    <>
      <input type="hidden" name="version" value={version} />
      {hydrated ? (
        <p className={`govuk-body-s portal-autosave-status${status.kind === "stopped" || status.kind === "problem" ? " portal-autosave-status--problem" : ""}`} role="status">
          {status.text}
        </p>
      ) : null}
    </>
  );
}
