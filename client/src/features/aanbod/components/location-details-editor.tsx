// A provider changes what it declares about its own location (age range, kenmerken, contra-indications, ...) and its
// capacity: the same form as the beheerder's, opened from the location's card on the provider page.
import { useState } from "react";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { createLocation, updateLocation } from "../api/aanbod.js";
import { LocationForm } from "./location-form.js";

interface Props {
  location: Location;
  /** The location as the server answered it (saved, or current after a 409), for the page's live list. */
  onSaved(location: Location): void;
}

export function LocationDetailsEditor({ location, onSaved }: Props) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" data-testid={`location-${location.id}-details`} onClick={() => setOpen(true)}>
        Gegevens en capaciteit wijzigen
      </button>
    );
  }
  return (
    <LocationForm
      mode={{ kind: "edit", location }}
      savers={{ create: createLocation, update: updateLocation, onCurrent: onSaved }}
      idPrefix={`location-${location.id}`}
      onSaved={(saved) => {
        onSaved(saved);
        setOpen(false);
      }}
      onCancel={() => setOpen(false)}
    />
  );
}
