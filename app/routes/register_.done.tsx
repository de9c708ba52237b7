// The confirmation after registering. Reached by redirect, so a refresh never sends the
// registration again; a second submit of the same registration lands here too.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "../../db/client";
import { getSettings } from "~/models/admin/settings.server";
import { takeFlash } from "~/services/session.server";
import type { RegistrationReceipt } from "~/schemas/organisations";

export const meta: MetaFunction = () => [{ title: "Registration received – Early help portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [flashed, settings] = await Promise.all([takeFlash(request), getSettings(getDb())]);
  const receipt = (flashed.data.registration as RegistrationReceipt | undefined) ?? null;
  return json({ receipt, supportEmail: settings.support_email }, { headers: flashed.clear ? { "Set-Cookie": flashed.clear } : undefined });
}

export default function RegistrationDone() {
  const { receipt, supportEmail } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Registration received</h1>
          {receipt ? <div className="govuk-panel__body">{receipt.organisationName}</div> : null}
        </div>
        <p className="govuk-body">
          {receipt
            ? `We have sent a confirmation e-mail to ${receipt.contactEmail}.`
            : "We have sent a confirmation e-mail to the contact you gave."}
        </p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          A commissioning officer will check your organisation's details.
        </p>
        <p className="govuk-body">
          When they approve the registration, the contact will get an e-mail inviting them to set a password and sign in.
          You can then see funding opportunities and bid for them.
        </p>
        <p className="govuk-body">
          If you have not heard from us, or something in your registration was wrong, contact{" "}
          <a className="govuk-link" href={`mailto:${supportEmail}`}>{supportEmail}</a>.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">Go to the home page</Link>
        </p>
      </div>
    </div>
  );
}
