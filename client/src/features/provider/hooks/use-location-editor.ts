// One location's form: the free places being typed, the version they were based on, and what the last action said.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { ApiError } from "../../../lib/api.js";
import { changeOccupancy, confirmUnchanged, setAvailability } from "../api/capacity-commands.js";

export type Feedback =
  | { kind: "success"; text: string }
  | { kind: "error"; text: string }
  /** Someone else changed the location first (409); current is what it is now. */
  | { kind: "conflict"; text: string; current: Location };

interface Draft {
  value: string;
  /** The version on screen when typing began: saving against it is what detects someone else's change. */
  baseVersion: number;
}

export const CONFLICT_TEXT = "Iemand anders heeft deze locatie intussen gewijzigd.";

export function useLocationEditor(location: Location, merge: (location: Location) => void) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);

  // Without a draft the input follows the live number, so a push shows there too.
  const value = draft?.value ?? String(location.free);
  const changedMeanwhile = draft !== null && draft.baseVersion < location.version;

  function edit(next: string) {
    setDraft({ value: next, baseVersion: draft?.baseVersion ?? location.version });
  }

  // Each write answers with the location as it now is; what to say about it depends on the write.
  const write = useMutation({
    mutationFn: ({ action }: { action: () => Promise<Location>; success: (updated: Location) => string }) => action(),
    onMutate: () => setFeedback(null),
    onSuccess: (updated, { success }) => {
      merge(updated);
      setDraft(null);
      setFeedback({ kind: "success", text: success(updated) });
    },
    onError: (err: unknown) => {
      // On a conflict the form takes the current numbers, so the next save starts from what is really there.
      if (err instanceof ApiError && err.status === 409 && err.current) {
        merge(err.current);
        setDraft(null);
      }
      setFeedback(toFeedback(err));
    },
  });
  const run = (action: () => Promise<Location>, success: (updated: Location) => string) =>
    write.mutate({ action, success });

  function save() {
    const free = Number(value);
    if (value.trim() === "" || !Number.isInteger(free) || free < 0) {
      setFeedback({ kind: "error", text: "Vul een heel getal in van 0 of meer." });
      return;
    }
    const version = draft?.baseVersion ?? location.version;
    run(
      () => setAvailability(location.id, { version, free }),
      (l) => `Opgeslagen: ${l.free} ${l.free === 1 ? "vrije plek" : "vrije plekken"}.`,
    );
  }

  function occupy() {
    run(
      () => changeOccupancy(location.id, { change: "bezet" }),
      () => "Eén plek geregistreerd als bezet.",
    );
  }

  function release() {
    run(
      () => changeOccupancy(location.id, { change: "vrijgekomen" }),
      () => "Eén plek geregistreerd als vrijgekomen.",
    );
  }

  function confirm() {
    run(
      () => confirmUnchanged(location.id, { version: location.version }),
      () => "Bevestigd: de aantallen kloppen nog.",
    );
  }

  return { value, edit, busy: write.isPending, feedback, changedMeanwhile, save, occupy, release, confirm };
}

function toFeedback(err: unknown): Feedback {
  if (!(err instanceof ApiError)) return { kind: "error", text: "Er ging iets mis. Probeer het opnieuw." };
  if (err.status === 409 && err.current) return { kind: "conflict", text: CONFLICT_TEXT, current: err.current };
  // The server's own Dutch explanation, plus which field it means when it says so.
  const fields = err.fieldErrors.map((f) => f.message).filter((m) => !err.detail.includes(m));
  return { kind: "error", text: [err.detail, ...fields].join(" ") };
}
