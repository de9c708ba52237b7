// The pieces of two-step verification that pages show: setting it up (a QR code, with the
// key as text beside it for anyone who cannot scan it) and recovery codes, shown once.
import { Link } from "@remix-run/react";
import { Form } from "~/components/form";
import { Button, TextInput } from "~/components/forms";

export interface SetupFormProps {
  setup: { key: string; qrDataUrl: string; secret: string; signature: string };
  error?: string;
  code?: string;
  submitLabel?: string;
}

export function TwoStepSetupForm({ setup, error, code, submitLabel = "Turn on two-step verification" }: SetupFormProps) {
  return (
    <>
      <h2 className="govuk-heading-m">1. Add the portal to your authenticator app</h2>
      <p className="govuk-body">
        Use an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator. In the app,
        choose to add an account and scan this QR code.
      </p>
      <img className="two-step-qr" src={setup.qrDataUrl} alt="QR code to add the portal to your authenticator app. If you cannot scan it, use the key below." width={200} height={200} />
      <p className="govuk-body" id="two-step-key-label">If you cannot scan the QR code, enter this key in the app instead:</p>
      <p className="govuk-body govuk-!-font-weight-bold two-step-key" aria-labelledby="two-step-key-label">
        <code>{setup.key}</code>
      </p>
      <h2 className="govuk-heading-m">2. Enter the code from the app</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="set-up" />
        <input type="hidden" name="secret" value={setup.secret} />
        <input type="hidden" name="signature" value={setup.signature} />
        <TextInput
          name="code"
          label="Code from your authenticator app"
          hint="The app shows a new 6-digit code every 30 seconds"
          width="5"
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          defaultValue={code ?? ""}
          error={error}
        />
        <Button>{submitLabel}</Button>
      </Form>
    </>
  );
}

export function RecoveryCodes({ codes, continueTo, continueLabel }: { codes: string[]; continueTo: string; continueLabel: string }) {
  return (
    <>
      <p className="govuk-body">
        If you lose your phone, you can sign in with one of these recovery codes instead of a code from the app. Each
        code works once. Keep them somewhere safe, such as a password manager, or print this page.
      </p>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          You will not be shown these codes again.
        </strong>
      </div>
      <ul className="govuk-list two-step-recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => <li key={code}><code>{code}</code></li>)}
      </ul>
      <p className="govuk-body">
        <Link className="govuk-button" to={continueTo} reloadDocument>{continueLabel}</Link>
      </p>
    </>
  );
}
