// Setting up an authenticator app: the QR code to scan, and the key to type for an app without a camera.
import type { Enrolment } from "../../../../../shared/schemas/auth.js";

export function EnrolmentQr({ enrolment }: { enrolment: Enrolment }) {
  return (
    <div className="enrolment">
      <p>
        Scan deze QR-code met een authenticator-app (bijvoorbeeld Microsoft Authenticator, Google Authenticator of
        FreeOTP) en vul hieronder de code van 6 cijfers in die de app toont.
      </p>
      {/* Drawn by the server as a data: URL: nothing is loaded from elsewhere. */}
      <img
        className="enrolment__qr"
        src={enrolment.qrCode}
        alt="QR-code voor uw authenticator-app"
        width={240}
        height={240}
        data-testid="enrol-qr"
        data-uri={enrolment.uri}
      />
      <p className="enrolment__secret">
        Geen camera? Voer deze sleutel in: <code data-testid="enrol-secret">{enrolment.secret}</code>
      </p>
    </div>
  );
}

/** Shown once: each code signs in once instead of the app, for the day the phone is lost. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <div className="recovery-codes">
      <p>
        Bewaar deze herstelcodes op een veilige plek (niet op dezelfde telefoon). Met elke code kunt u één keer inloggen
        als u uw authenticator-app kwijt bent. Ze worden maar één keer getoond.
      </p>
      <ul className="recovery-codes__list" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
