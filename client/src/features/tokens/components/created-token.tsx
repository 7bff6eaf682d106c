// The secret of a new token, shown this once: the server keeps only a hash, so nobody can show it again.
import { useState } from "react";
import type { CreatedToken as Created } from "../../../../../shared/schemas/auth.js";

interface Props {
  token: Created;
  onDismiss(): void;
}

export function CreatedToken({ token, onDismiss }: Props) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("copied");
    } catch {
      // Without clipboard access (an old browser, a locked-down workstation) the field is there to select by hand.
      setCopied("failed");
    }
  }

  return (
    <section className="token-created" aria-labelledby="token-created-title" role="alert">
      <h2 id="token-created-title">Token “{token.name}” is aangemaakt</h2>
      <p className="token-created__warning">
        <strong>Kopieer het token nu.</strong> Het wordt hierna nooit meer getoond, ook niet aan de beheerder. Kwijt?
        Trek het in en maak een nieuw token.
      </p>
      <div className="token-created__secret">
        <label htmlFor="token-secret" className="sr-only">
          Het nieuwe token
        </label>
        <input
          id="token-secret"
          data-testid="token-secret"
          type="text"
          readOnly
          value={token.token}
          spellCheck={false}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="button--primary" onClick={() => void copy()}>
          {copied === "copied" ? "Gekopieerd" : "Kopiëren"}
        </button>
      </div>
      <p className="token-created__hint" aria-live="polite">
        {copied === "failed"
          ? "Kopiëren lukte niet automatisch: selecteer het token en kopieer het met Ctrl+C (of Cmd+C)."
          : "Plak het in de instellingen van uw planningssysteem. Stuur het niet per e-mail of chat."}
      </p>
      <button type="button" onClick={onDismiss}>
        Ik heb het token bewaard
      </button>
    </section>
  );
}
