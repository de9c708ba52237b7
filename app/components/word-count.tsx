// A textarea with a word limit and a live count. Without JavaScript the hint states the
// limit and the server enforces it; once the page is running, a count under the box says how
// many words are left, using the same countWords the server uses, so the two never disagree.
// Screen readers hear the count when typing pauses, not on every key.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { countWords } from "~/lib/words";
import { fieldId } from "./forms";

function remainingText(count: number, limit: number): string {
  const left = limit - count;
  if (left >= 0) return `You have ${left} ${left === 1 ? "word" : "words"} remaining`;
  const over = -left;
  return `You have ${over} ${over === 1 ? "word" : "words"} too many`;
}

export function WordCountTextarea({
  name, label, hint, error, defaultValue = "", wordLimit, rows = 8, labelClassName,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  wordLimit: number;
  rows?: number;
  labelClassName?: string;
}) {
  const id = fieldId(name);
  const [enhanced, setEnhanced] = useState(false);
  const [count, setCount] = useState(() => countWords(defaultValue));
  const [announced, setAnnounced] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The live count appears only once the page runs scripts: the server's HTML and the first
  // render in the browser are the same, so hydration matches.
  useEffect(() => {
    setEnhanced(true);
    return () => clearTimeout(timer.current);
  }, []);
  // A form that comes back (stale save, errors) brings a new default value.
  useEffect(() => {
    setCount(countWords(defaultValue));
  }, [defaultValue]);

  const over = count > wordLimit;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-limit`, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");

  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${labelClassName ? ` ${labelClassName}` : ""}`} htmlFor={id}>
        {label}
      </label>
      {hint ? <div id={`${id}-hint`} className="govuk-hint">{hint}</div> : null}
      <div id={`${id}-limit`} className="govuk-hint">
        You can enter up to {wordLimit} words.
      </div>
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <textarea
        className={`govuk-textarea${error || (enhanced && over) ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onInput={(event) => {
          const next = countWords(event.currentTarget.value);
          setCount(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setAnnounced(remainingText(next, wordLimit)), 1000);
        }}
      />
      {enhanced ? (
        <>
          <div id={`${id}-info`} className={over ? "govuk-error-message" : "govuk-hint"} aria-hidden="true">
            {remainingText(count, wordLimit)}
          </div>
          <div className="govuk-visually-hidden" aria-live="polite">
            {announced}
          </div>
        </>
      ) : null}
    </div>
  );
}
