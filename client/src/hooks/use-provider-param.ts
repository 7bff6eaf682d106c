// The provider a beheerder picked, kept in the URL (?aanbieder=) so a reload or a shared link keeps it.
import { useCallback } from "react";
import { useSearchParams } from "react-router";

const PARAM = "aanbieder";

export function useProviderParam(): [number | undefined, (providerId: number | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const value = Number(params.get(PARAM));
  const providerId = Number.isInteger(value) && value > 0 ? value : undefined;
  const select = useCallback(
    (id: number | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id === undefined) next.delete(PARAM);
          else next.set(PARAM, String(id));
          return next;
        },
        // Replace, not push: picking a provider is not a page the back button should step through.
        { replace: true },
      ),
    [setParams],
  );
  return [providerId, select];
}
