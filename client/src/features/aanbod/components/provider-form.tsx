// The provider form: name, AGB code, kind, contact e-mail and whether it is active; new or changed.
import { PROVIDER_KINDS } from "../../../../../shared/domain.js";
import { PROVIDER_KIND_LABELS } from "../../../../../shared/labels.js";
import type { Provider } from "../../../../../shared/schemas/aanbod.js";
import { Check, CodeSelect, controlProps, Field } from "../../../components/fields.js";
import { type ProviderField, type ProviderSavers, useProviderForm } from "../hooks/use-provider-form.js";
import { AanbodForm } from "./aanbod-form.js";

interface Props {
  /** The provider to change; a new one when undefined. */
  provider?: Provider;
  savers: ProviderSavers;
  idPrefix: string;
  onSaved(provider: Provider): void;
  onCancel(): void;
  /** After a stale save: the list has been read again; the page opens the form anew on the current provider. */
  onReload(): void;
}

export function ProviderForm({ provider, savers, idPrefix, onSaved, onCancel, onReload }: Props) {
  const form = useProviderForm(provider, savers);
  const { draft, errors } = form;
  const id = (name: ProviderField) => `${idPrefix}-${name}`;
  const text = (name: "name" | "agbCode" | "email", label: string, type = "text") => (
    <Field id={id(name)} label={label} error={errors[name]}>
      <input
        {...controlProps(id(name), errors[name])}
        type={type}
        autoComplete="off"
        spellCheck={false}
        value={draft[name]}
        onChange={(e) => form.change({ [name]: e.target.value })}
      />
    </Field>
  );
  const title = provider ? `${provider.name} wijzigen` : "Nieuwe aanbieder";

  return (
    <AanbodForm
      title={title}
      idPrefix={idPrefix}
      submitLabel={provider ? "Opslaan" : "Aanbieder toevoegen"}
      busy={form.busy}
      problem={form.problem}
      notice={form.notice}
      onSubmit={() => void form.submit().then((saved) => saved && onSaved(saved))}
      onCancel={onCancel}
      onReload={onReload}
    >
      {text("name", "Naam")}
      {text("agbCode", "AGB-code (8 cijfers)")}
      <CodeSelect
        id={id("kind")}
        label="Soort"
        value={draft.kind}
        codes={PROVIDER_KINDS}
        labels={PROVIDER_KIND_LABELS}
        error={errors.kind}
        onChange={(kind) => form.change({ kind })}
      />
      {text("email", "E-mailadres planning (optioneel)", "email")}
      <Check id={id("active")} label="Actief" checked={draft.active} onChange={(active) => form.change({ active })} />
    </AanbodForm>
  );
}
