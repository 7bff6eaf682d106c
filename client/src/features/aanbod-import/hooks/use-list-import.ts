// The import's steps on screen: choose a file, a dry run, then apply exactly what the dry run showed (the same file
// with the same choice about missing locations); choosing anew asks for a new dry run.
import { useState } from "react";
import { type ApiError, asApiError } from "../../../lib/api.js";
import { type ImportAnswer, uploadList } from "../api/import.js";

export type ImportStep = "proef" | "toepassen";

/** onApplied: the page's own list reads itself anew (a provider's name changes without a capacity event). */
export function useListImport(onApplied?: () => void) {
  const [file, setFile] = useState<File | null>(null);
  const [closeMissing, setCloseMissing] = useState(false);
  const [answer, setAnswer] = useState<ImportAnswer>();
  const [busy, setBusy] = useState<ImportStep | null>(null);
  const [error, setError] = useState<ApiError>();
  /** A dry run of this file and choice found nothing wrong: it may be applied. */
  const [cleared, setCleared] = useState(false);

  const reset = () => {
    setAnswer(undefined);
    setError(undefined);
    setCleared(false);
  };

  async function run(step: ImportStep) {
    if (!file || busy) return;
    setBusy(step);
    setError(undefined);
    try {
      const next = await uploadList(file, { dryRun: step === "proef", closeMissing });
      setAnswer(next);
      // After an apply the list has changed: the next apply needs a new dry run.
      setCleared(step === "proef" && next.refused === undefined);
      if (step === "toepassen" && next.result.applied) onApplied?.();
    } catch (err) {
      setError(asApiError(err, "Het bestand kon niet worden verstuurd."));
      setCleared(false);
    } finally {
      setBusy(null);
    }
  }

  return {
    file,
    chooseFile(next: File | null) {
      setFile(next);
      reset();
    },
    closeMissing,
    setCloseMissing(next: boolean) {
      setCloseMissing(next);
      reset();
    },
    answer,
    error,
    busy,
    cleared,
    dryRun: () => run("proef"),
    apply: () => run("toepassen"),
  };
}
