// Which provider's data to show or bind to: for the beheerder, who works for every provider. An aanbieder never
// sees it; its own provider is fixed by its account.
import type { ProviderOption } from "../lib/providers.js";
import "./provider-picker.css";

interface Props {
  providers: ProviderOption[];
  providerId: number | undefined;
  onSelect(providerId: number | undefined): void;
  /** The element id and test id; two pickers never share a page. */
  id?: string;
  label?: string;
  placeholder?: string;
}

export function ProviderPicker({
  providers,
  providerId,
  onSelect,
  id = "provider-select",
  label = "Aanbieder",
  placeholder = "Kies een aanbieder…",
}: Props) {
  return (
    <div className="field provider-picker">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={id}
        value={providerId ?? ""}
        onChange={(e) => onSelect(e.target.value === "" ? undefined : Number(e.target.value))}
      >
        <option value="">{placeholder}</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.locations} {p.locations === 1 ? "locatie" : "locaties"})
          </option>
        ))}
      </select>
    </div>
  );
}
