// Making a token: a name that says which system uses it, so it can be recognised and revoked later.
import { useState } from "react";
import { asApiError } from "../../../lib/api.js";

interface Props {
  onCreate(name: string): Promise<void>;
}

export function CreateTokenForm({ onCreate }: Props) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (name.trim().length < 2) {
      setError("Geef het token een naam van minstens 2 tekens, bijvoorbeeld de naam van het systeem.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onCreate(name.trim());
      setName("");
    } catch (err) {
      const apiError = asApiError(err);
      setError([apiError.detail, ...apiError.fieldErrors.map((f) => f.message)].join(" "));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="token-create"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field field--grow">
        <label htmlFor="token-name">Naam van het nieuwe token</label>
        <input
          id="token-name"
          data-testid="token-name"
          type="text"
          maxLength={80}
          placeholder="Bijvoorbeeld Planningssysteem Nedap"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <button type="submit" className="button--primary" data-testid="token-create" disabled={busy}>
        Token aanmaken
      </button>
      {error && (
        <p className="message message--error token-create__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
