// A write that cannot be undone (blocking, revoking, withdrawing): a mutation that takes a second, deliberate click.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { ApiError } from "../lib/api.js";
import { apiErrors } from "../lib/query-client.js";

export interface ConfirmedMutation {
  confirming: boolean;
  busy: boolean;
  /** Why the last attempt failed; cleared when the next one starts. */
  error: ApiError | undefined;
  ask(): void;
  cancel(): void;
  confirm(): void;
}

export function useConfirmedMutation(write: () => Promise<unknown>): ConfirmedMutation {
  const [confirming, setConfirming] = useState(false);
  // Done or failed, the question has been answered.
  const mutation = useMutation({ mutationFn: apiErrors(write), onSettled: () => setConfirming(false) });
  return {
    confirming,
    busy: mutation.isPending,
    error: mutation.error ?? undefined,
    ask: () => setConfirming(true),
    cancel: () => setConfirming(false),
    confirm: () => mutation.mutate(),
  };
}
