import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect, type TypedResponse } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { Button, ErrorSummary, TextInput } from "~/components/forms";
import { changePassword } from "~/models/accounts/credentials.server";
import { MIN_PASSWORD_LENGTH } from "~/schemas/accounts";
import { changePasswordSchema } from "~/schemas/accounts.server";
import { failure, parseForm, type FormFailure } from "~/lib/forms";
import { auditContext, requireUser } from "~/http/guards.server";
import { dispatchIntent } from "~/http/intents.server";
import { endUserSessions, listUserSessions } from "~/models/accounts/sessions.server";
import { recordAudit } from "~/models/audit/record.server";
import { formatDateTime } from "~/lib/dates";
import { currentSession, flash, renewSession } from "~/services/session.server";
import { ROLE_LABELS } from "~/policies/actor";
import { Form } from "~/components/form";
import { notificationsFor } from "~/models/notifications/officers.server";
import { getTwoStepStatus } from "~/models/accounts/two-step.server";
import { calendarFeedStartedAt, startCalendarFeed, stopCalendarFeed } from "~/models/calendar/feeds.server";
import { appUrl } from "~/services/app-url.server";

export const meta: MetaFunction = () => [{ title: "Your account – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const session = await currentSession(request);
  const [organisation, districts, sessions] = await Promise.all([
    user.organisationId
      ? db.selectFrom("organisations").select("name").where("id", "=", user.organisationId).executeTakeFirst()
      : undefined,
    user.districtIds.length
      ? db.selectFrom("districts").select("name").where("id", "in", [...user.districtIds]).orderBy("name").execute()
      : [],
    listUserSessions(db, user.id, session?.id ?? null),
  ]);
  const [twoStep, calendarStartedAt] = await Promise.all([getTwoStepStatus(db, user.id), calendarFeedStartedAt(db, user.id)]);
  return json({
    name: user.name,
    email: user.email,
    roles: user.roles.map((r) => ROLE_LABELS[r]),
    organisation: organisation?.name ?? null,
    hasNotifications: notificationsFor(user).length > 0,
    twoStep: { enabled: twoStep.enabled, recoveryCodesLeft: twoStep.recoveryCodesLeft },
    calendarStarted: calendarStartedAt ? formatDateTime(calendarStartedAt) : null,
    scope: user.roles.includes("officer") ? (user.countyWide ? "County-wide" : districts.map((d) => d.name).join(", ") || "No districts yet") : null,
    sessions: sessions.map((s) => ({
      current: s.current,
      started: formatDateTime(s.createdAt),
      lastUsed: formatDateTime(s.lastSeenAt),
      from: s.ip ?? "Unknown",
      browser: describeBrowser(s.userAgent),
    })),
  });
}

/** "Chrome on Windows", from the browser's own description: enough to recognise one's own. */
function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrom(e|ium)\//.test(userAgent) ? "Chrome"
    : /Safari\//.test(userAgent) ? "Safari" : null;
  const system = /Windows/.test(userAgent) ? "Windows" : /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : null;
  if (!system) return browser ?? "Unknown browser";
  return `${browser ?? "A browser"} on ${system}`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const session = await currentSession(request);
  const form = await request.formData();
  const audit = auditContext(user, context);
  type Answer = TypedResponse<FormFailure> | TypedResponse<{ calendarAddress: string }>;
  return dispatchIntent<"change-password" | "sign-out-elsewhere" | "calendar-start" | "calendar-stop", Answer>(form, {
    "change-password": async () => {
      const result = parseForm(changePasswordSchema, form);
      if (!result.ok) return json(result, { status: 400 });
      const db = getDb();
      const changed = await changePassword(db, audit, user.id, result.data.currentPassword, result.data.password);
      if (!changed) return json(failure(result.values, { currentPassword: "Your current password is not correct" }), { status: 400 });
      const text = "Your password has been changed. You have been signed out everywhere else.";
      const headers = new Headers({ "Set-Cookie": await flash(request, { kind: "success", text }) });
      const renewed = await renewSession(request, db, { ip: audit.ip, userAgent: request.headers.get("User-Agent") });
      if (renewed) headers.append("Set-Cookie", renewed);
      return redirect("/account", { headers });
    },
    "calendar-start": async () => {
      const token = await getDb().transaction().execute((trx) => startCalendarFeed(trx, audit, user.id));
      return json({ calendarAddress: appUrl(`/calendar/${token}.ics`) }, { headers: { "Cache-Control": "no-store" } });
    },
    "calendar-stop": async () => {
      const stopped = await getDb().transaction().execute((trx) => stopCalendarFeed(trx, audit, user.id));
      const text = stopped ? "Your calendar address no longer works. Calendars that used it will stop updating." : "You did not have a calendar address.";
      return redirect("/account", { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
    },
    "sign-out-elsewhere": async () => {
      const ended = await getDb().transaction().execute(async (trx) => {
        const n = await endUserSessions(trx, user.id, { except: session?.id ?? null });
        await recordAudit(trx, audit, { action: "user.signed_out_elsewhere", recordType: "user", recordId: user.id, after: { sessions_ended: n } });
        return n;
      });
      const text = ended === 0 ? "You were not signed in anywhere else." : `You have been signed out of ${ended === 1 ? "1 other session" : `${ended} other sessions`}.`;
      return redirect("/account", { headers: { "Set-Cookie": await flash(request, { kind: "success", text }) } });
    },
  }, { fallback: "change-password" });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const result = answer && "errors" in answer ? answer : undefined;
  const calendarAddress = answer && "calendarAddress" in answer ? answer.calendarAddress : null;
  const rows: [string, string | null][] = [
    ["Name", data.name],
    ["E-mail address", data.email],
    ["Roles", data.roles.join(", ") || "None"],
    ["Organisation", data.organisation],
    ["Districts", data.scope],
  ];
  return (
    <>
      <ErrorSummary errors={result?.errors} submissionId={result?.submissionId} />
      <h1 className="govuk-heading-l">Your account</h1>
      <dl className="govuk-summary-list govuk-!-margin-bottom-9">
        {rows.filter(([, v]) => v !== null).map(([k, v]) => (
          <div className="govuk-summary-list__row" key={k}>
            <dt className="govuk-summary-list__key">{k}</dt>
            <dd className="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="govuk-body">To change your name, roles or organisation, ask the portal administrator.</p>
      {data.hasNotifications ? (
        <>
          <h2 className="govuk-heading-m">E-mail notifications</h2>
          <p className="govuk-body">
            The portal e-mails you when a return is submitted, a question is asked or a registration is waiting for you.{" "}
            <Link className="govuk-link" to="/account/notifications">Choose which e-mails you get</Link>
          </p>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Two-step verification</h2>
      <p className="govuk-body">
        {data.twoStep.enabled
          ? `You sign in with your password and a code from your authenticator app. You have ${data.twoStep.recoveryCodesLeft} unused recovery ${data.twoStep.recoveryCodesLeft === 1 ? "code" : "codes"}.`
          : "You sign in with your password only."}{" "}
        <Link className="govuk-link" to="/account/two-step">{data.twoStep.enabled ? "Manage two-step verification" : "Set up two-step verification"}</Link>
      </p>
      <h2 className="govuk-heading-m">Your deadlines in your calendar</h2>
      {calendarAddress ? (
        <div className="govuk-inset-text">
          <p className="govuk-body">Your calendar address:</p>
          <p className="govuk-body calendar-address"><code>{calendarAddress}</code></p>
          <p className="govuk-body">
            Copy it now: it is shown only once. In Outlook, choose Add calendar, then Subscribe from web; in Google Calendar,
            choose Other calendars, then From URL. Anyone with the address can see your deadlines, so do not share it.
          </p>
        </div>
      ) : (
        <p className="govuk-body">
          {data.calendarStarted
            ? `You made a calendar address on ${data.calendarStarted}. If you have lost it, or someone else may have it, make a new one: the old one stops working.`
            : "Your calendar application (Outlook, Google or Apple Calendar) can show the portal's deadlines for you (tender closing dates, returns due, panel scores and visits due), and keep them up to date."}
        </p>
      )}
      <div className="govuk-button-group">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="calendar-start" />
          <Button secondary>{data.calendarStarted ? "Make a new calendar address" : "Get a calendar address"}</Button>
        </Form>
        {data.calendarStarted ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="calendar-stop" />
            <Button secondary>Stop the calendar address</Button>
          </Form>
        ) : null}
      </div>
      <h2 className="govuk-heading-m">Where you are signed in</h2>
      <div className="portal-table-wrapper" role="region" aria-label="Where you are signed in" tabIndex={0}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Where you are signed in</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Browser</th>
              <th scope="col" className="govuk-table__header">Signed in</th>
              <th scope="col" className="govuk-table__header">Last used</th>
              <th scope="col" className="govuk-table__header">From</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.sessions.map((s, i) => (
              <tr className="govuk-table__row" key={i}>
                <td className="govuk-table__cell">{s.browser}{s.current ? <strong className="govuk-tag govuk-tag--green govuk-!-margin-left-2">This browser</strong> : null}</td>
                <td className="govuk-table__cell">{s.started}</td>
                <td className="govuk-table__cell">{s.lastUsed}</td>
                <td className="govuk-table__cell">{s.from}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="sign-out-elsewhere" />
        <Button secondary>Sign out everywhere else</Button>
      </Form>
      <h2 className="govuk-heading-m">Change your password</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="change-password" />
            <TextInput name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={result?.errors.currentPassword} />
            <TextInput name="password" label="New password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} error={result?.errors.password} />
            <TextInput name="confirmPassword" label="Confirm your new password" type="password" autoComplete="new-password" error={result?.errors.confirmPassword} />
            <Button>Change password</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
