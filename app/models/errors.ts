// What a model says when it will not do what it was asked. Models throw these; they never
// build HTTP answers. The edge (app/http/errors.server.ts) turns each kind into one: the
// form again with the message, and the status `httpStatus` gives.
//
// Four kinds, and every error below is one of them:
// - stale:     someone else saved first; nothing was written (409);
// - refused:   a rule forbids it now: a submitted bid, an awarded tender (409 unless said);
// - not found: the record has gone since the page was loaded (404 unless said);
// - invalid:   what was asked for is wrong, beside a field where there is one (400).
import type { BidStatus, ReturnStatus } from "../../db/schema";
import type { OrganisationsTable } from "../../db/schema";
type OrganisationStatus = OrganisationsTable["status"];
import { formatSavedAt } from "~/lib/dates";
import { formatPence } from "~/lib/money";

export abstract class DomainError extends Error {
  abstract readonly kind: "stale" | "refused" | "not-found" | "invalid";
  abstract readonly httpStatus: number;
}

export class StaleEditError extends DomainError {
  readonly kind = "stale";
  readonly httpStatus: number = 409;
  constructor(what = "record", message?: string) {
    super(message ?? `Someone else changed this ${what} while you were editing it. Your changes have not been saved: check the current details and make them again.`);
    this.name = "StaleEditError";
  }
}

export class RefusedError extends DomainError {
  readonly kind = "refused";
  constructor(message: string, readonly httpStatus: number = 409) {
    super(message);
    this.name = "RefusedError";
  }
}

export class NotFoundError extends DomainError {
  readonly kind = "not-found";
  constructor(message = "Not found", readonly httpStatus: number = 404) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** Wrong input the form could not see: `field` names the field, or null for the whole form. */
export class FieldError extends DomainError {
  readonly kind = "invalid";
  constructor(readonly field: string | null, message: string, readonly httpStatus: number = 400) {
    super(message);
    this.name = "FieldError";
  }
}

// ---------------------------------------------------------------------------------------
// The same kinds, carrying what their pages need to say more.

/** A value that must be unique already is (an e-mail, a district's name). */
export class DuplicateError extends FieldError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = "DuplicateError";
  }
}

/** A bid saved by someone else in the organisation after the page was loaded. */
export class StaleBidError extends StaleEditError {
  constructor(readonly savedAt: string, now = new Date()) {
    super("bid",
      `Someone else in your organisation saved this bid at ${formatSavedAt(savedAt, now)}. Your changes have not been saved: ` +
        "what you typed is still in the form below. Check what they saved, then save again to replace it with yours.");
    this.name = "StaleBidError";
  }
}

/** A return saved by someone else after the page was loaded. */
export class StaleReturnError extends StaleEditError {
  constructor(readonly savedAt: string, readonly savedBy: string | null = null, now = new Date()) {
    super("return",
      `${savedBy ? savedBy : "Someone else in your organisation"} saved this return at ${formatSavedAt(savedAt, now)}, after you opened this page. ` +
        "Your changes have not been saved: what you typed is still in the form below. Check what was saved, then save again to replace it with yours.");
    this.name = "StaleReturnError";
  }
}

/** A profile published again (edition `latestEdition`) while the officer was looking at it. */
export class StalePublicationError extends StaleEditError {
  constructor(readonly latestEdition: number) {
    super("profile", `This profile was published again (edition ${latestEdition}) while you were looking at it. Check the published editions before publishing another.`);
    this.name = "StalePublicationError";
  }
}

/**
 * Every PDF thread busy and the queue of PDFs waiting for one full: the request is told to
 * come back shortly (a download answers 503 with Retry-After; a form says so) rather than
 * wait behind a long line.
 */
export class PdfBusyError extends DomainError {
  readonly kind = "refused";
  readonly httpStatus = 503;
  constructor() {
    super("Many PDFs are being prepared just now. Try again in a minute.");
    this.name = "PdfBusyError";
  }
}

/**
 * A PDF whose layout needed more memory than a PDF thread may use (PDF_THREAD_MEMORY_MB).
 * Trying again will not help; the spreadsheet has the same figures. Publishing, which keeps
 * the PDF, waits for the limit to be raised.
 */
export class PdfTooLargeError extends DomainError {
  readonly kind = "refused";
  readonly httpStatus = 422;
  constructor() {
    super("This profile is too large to lay out as a PDF on this server. Its spreadsheet has the same figures; an administrator can raise the server's PDF_THREAD_MEMORY_MB.");
    this.name = "PdfTooLargeError";
  }
}

/** A clarification answered by someone else while this answer was being written. */
export class ClarificationConflictError extends StaleEditError {
  constructor(message = "Someone else has answered this question while you were writing. Your answer has not been saved: check the published answer below.") {
    super("question", message);
    this.name = "ClarificationConflictError";
  }
}

/** A bid that can no longer be changed. */
export class BidLockedError extends RefusedError {
  constructor(readonly status: BidStatus) {
    super(
      status === "submitted"
        ? "This bid has been submitted, so it can no longer be changed. To change it, withdraw it and start again before the closing time: your answers are copied into the new draft."
        : status === "withdrawn"
          ? "This bid has been withdrawn, so it can no longer be changed."
          : "The council has made its decision on this bid, so it can no longer be changed.",
    );
    this.name = "BidLockedError";
  }
}

/** A return that can no longer be changed; `message` says why (returnLockedMessage). */
export class ReturnLockedError extends RefusedError {
  constructor(readonly status: ReturnStatus, message: string) {
    super(message);
    this.name = "ReturnLockedError";
  }
}

/** An organisation whose registration was already decided. */
export class OrganisationStatusError extends RefusedError {
  constructor(readonly status: OrganisationStatus) {
    super(
      status === "approved"
        ? "This organisation has already been approved."
        : status === "rejected"
          ? "This organisation's registration has already been rejected."
          : "This organisation is waiting for a decision.",
    );
    this.name = "OrganisationStatusError";
  }
}

/** A panel member's scores, already submitted. */
export class ScoresSubmittedError extends RefusedError {
  constructor(readonly submittedAt: string | null, message: string) {
    super(message);
    this.name = "ScoresSubmittedError";
  }
}

/** A change to a project that its state or the request does not allow; `errors` by field. */
export class ProjectChangeRefused extends RefusedError {
  constructor(message: string, readonly errors: Record<string, string> = {}, httpStatus: 400 | 409 = 400) {
    super(message, httpStatus);
    this.name = "ProjectChangeRefused";
  }
}

export interface Overcommitment {
  districtName: string;
  yearLabel: string;
  remainingPence: number;
  neededPence: number;
}

/** The award would commit more than remains of an allocation and no override was given. */
export class OvercommitmentError extends RefusedError {
  constructor(readonly lines: Overcommitment[], streamName: string) {
    super(
      `The award would commit more than remains of the ${streamName} allocation: ${lines
        .map((l) => `${l.districtName} ${l.yearLabel} needs ${formatPence(l.neededPence)} but only ${formatPence(l.remainingPence)} remains`)
        .join("; ")}. Change the decisions, or tick the override and give the reason.`,
      400,
    );
    this.name = "OvercommitmentError";
  }
}

// ---------------------------------------------------------------------------------------
// The database's own refusal, recognised where a model turns it into one of the kinds above
// (or tries again): the one place that knows how each engine reports it.

/**
 * A unique-constraint violation, from SQLite (better-sqlite3: the code, or the message on a
 * primary key) or PostgreSQL (pg: SQLSTATE 23505): two writers claimed the same value.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    (typeof message === "string" && /UNIQUE constraint failed/i.test(message));
}
