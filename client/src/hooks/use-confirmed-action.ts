// An action that cannot be undone (blocking, revoking, withdrawing): it takes a second, deliberate click.
import { useState } from "react";
import { type Action, useAction } from "./use-action.js";

export interface ConfirmedAction extends Omit<Action<[]>, "run"> {
  confirming: boolean;
  ask(): void;
  cancel(): void;
  confirm(): Promise<void>;
}

export function useConfirmedAction(action: () => Promise<void>): ConfirmedAction {
  const [confirming, setConfirming] = useState(false);
  // Done or failed, the question has been answered.
  const { busy, error, run } = useAction(() => action().finally(() => setConfirming(false)));
  return { confirming, busy, error, ask: () => setConfirming(true), cancel: () => setConfirming(false), confirm: run };
}
