// Making a token: a name that says which system uses it, so it can be recognised and revoked later.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorText } from "../../../lib/api.js";
import { apiErrors } from "../../../lib/query-client.js";

interface Props {
  onCreate(name: string): Promise<void>;
}

export function CreateTokenForm({ onCreate }: Props) {
  const [name, setName] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: apiErrors(async (trimmed: string) => {
      await onCreate(trimmed);
      setName("");
    }),
  });
  const error = invalid ?? (create.error ? errorText(create.error) : null);
  const busy = create.isPending;

  function submit() {
    const valid = name.trim().length >= 2;
    setInvalid(valid ? null : "Geef het token een naam van minstens 2 tekens, bijvoorbeeld de naam van het systeem.");
    if (valid) create.mutate(name.trim());
  }

  return (
    <form
      className="token-create"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
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
