// A tiny router: a handful of pages do not need a library. The path lives in the URL; pushState plus popstate keep it there.
import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { useSyncExternalStore } from "react";

const NAVIGATE = "app:navigate";

function subscribe(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  window.addEventListener(NAVIGATE, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(NAVIGATE, listener);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** replace: a redirect the back button should not step through (e.g. away from a page the new user may not open). */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE));
  window.scrollTo(0, 0);
}

/**
 * The named parts of a path against a pattern with ":name" segments: matchPath("/verzoeken/:id", "/verzoeken/7")
 * gives { id: "7" }; undefined when the path is another page.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const have = path.split("/");
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = have[i] ?? "";
    if (part.startsWith(":")) {
      if (actual === "") return undefined;
      params[part.slice(1)] = actual;
    } else if (part !== actual) return undefined;
  }
  return params;
}

/** The named parts of the current path for a page with a pattern; a trailing slash is ignored. */
export function usePathParams(pattern: string): Record<string, string> | undefined {
  return matchPath(pattern, usePathname().replace(/(.)\/+$/, "$1"));
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An ordinary link that navigates in-app on a plain click; ctrl/cmd/middle-click still open a new tab. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
