// Which pages exist and which roles are offered them. The server decides what a role may read or change
// (server/policies); this table only keeps the client from showing a page whose every request would be refused.
import type { ComponentType } from "react";
import { matchPath } from "react-router";
import { ROLES, type Role } from "../../../shared/domain.js";
import { AanbodPage } from "./pages/aanbod-page.js";
import { AccountSecurityPage } from "./pages/account-security-page.js";
import { AccountsPage } from "./pages/accounts-page.js";
import { AdvicePage } from "./pages/advice-page.js";
import { AuditPage } from "./pages/audit-page.js";
import { BoardPage } from "./pages/board-page.js";
import { ConfirmPage } from "./pages/confirm-page.js";
import { JobsPage } from "./pages/jobs-page.js";
import { MonitorPage } from "./pages/monitor-page.js";
import { NotificationsPage } from "./pages/notifications-page.js";
import { OutboxPage } from "./pages/outbox-page.js";
import { ForgotPasswordPage, ResetPasswordPage } from "./pages/password-reset-pages.js";
import { ProviderPage } from "./pages/provider-page.js";
import { RequestPage } from "./pages/request-page.js";
import { RequestsPage } from "./pages/requests-page.js";
import { TokensPage } from "./pages/tokens-page.js";

export interface AppRoute {
  /** A path, or a pattern with ":name" segments for pages about one thing (/verzoeken/:id). */
  path: string;
  label: string;
  roles: readonly Role[];
  page: ComponentType;
  /** Pages about one thing are reached from a list, not from the menu. */
  inMenu?: false;
}

export const ROUTES: readonly AppRoute[] = [
  // Everyone signed in: the verwijzer sees the regional totals only (server/policies/capacity.ts).
  { path: "/", label: "Beschikbaarheid", roles: ROLES, page: BoardPage },
  // A verwijzer sees its own requests, the regisseur all of them (server/policies/placements.ts).
  { path: "/verzoeken", label: "Plaatsingsverzoeken", roles: ["verwijzer", "regisseur"], page: RequestsPage },
  {
    path: "/verzoeken/:id",
    label: "Plaatsingsverzoek",
    roles: ["verwijzer", "regisseur"],
    page: RequestPage,
    inMenu: false,
  },
  // The printable matchadvies: whoever may read the request (server/policies/advice.ts).
  {
    path: "/verzoeken/:id/advies",
    label: "Matchadvies",
    roles: ["verwijzer", "regisseur"],
    page: AdvicePage,
    inMenu: false,
  },
  // Aggregates only: policy staff, the CPWV and the beheerder (server/policies/monitor.ts).
  { path: "/monitor", label: "Monitor", roles: ["beleid", "regisseur", "beheerder"], page: MonitorPage },
  { path: "/aanbieder", label: "Plekken doorgeven", roles: ["aanbieder", "beheerder"], page: ProviderPage },
  { path: "/aanbieder/tokens", label: "API-tokens", roles: ["aanbieder", "beheerder"], page: TokensPage },
  // Providers and locations as managed data (server/policies/aanbod.ts).
  { path: "/beheer/aanbod", label: "Aanbod", roles: ["beheerder"], page: AanbodPage },
  { path: "/beheer/accounts", label: "Accounts", roles: ["beheerder"], page: AccountsPage },
  { path: "/beheer/audit", label: "Auditlog", roles: ["beheerder"], page: AuditPage },
  // The recurring work and how it last ran (server/policies/jobs.ts).
  { path: "/beheer/taken", label: "Geplande taken", roles: ["beheerder"], page: JobsPage },
  // The mail outbox: addresses of colleagues and providers (server/policies/mail.ts).
  { path: "/beheer/e-mail", label: "E-mail", roles: ["beheerder"], page: OutboxPage },
  // Each account's own inbox (server/policies/notifications.ts); reached from its own link in the header, with the count.
  { path: "/meldingen", label: "Meldingen", roles: ROLES, page: NotificationsPage, inMenu: false },
  // Everyone's own sign-in (second factor, recovery codes): reached from the user menu.
  { path: "/account/beveiliging", label: "Beveiliging", roles: ROLES, page: AccountSecurityPage, inMenu: false },
];

/** Pages in place of the login page before signing in: asking for a password reset link. */
export const PUBLIC_PAGES: readonly { path: string; page: ComponentType }[] = [
  { path: "/wachtwoord-vergeten", page: ForgotPasswordPage },
];

/**
 * Pages for whoever holds their link, signed in or not, shown alike either way: the one-tap "Klopt nog" page of a
 * freshness e-mail (its secret is the credential; a provider may open it while signed in as someone else).
 */
export const OPEN_PAGES: readonly { path: string; page: ComponentType }[] = [
  { path: "/bevestigen", page: ConfirmPage },
  // The password reset link's page: completing it ends every session of the account, this one too.
  { path: "/wachtwoord-herstellen", page: ResetPasswordPage },
];

/** The page of a path, by react-router's own matching (a trailing slash is the same page). */
export function findRoute(path: string): AppRoute | undefined {
  return ROUTES.find((route) => matchPath(route.path, path) !== null);
}

/** The menu of a role: the pages it may open, without the ones about one thing. */
export function routesFor(role: Role): AppRoute[] {
  return ROUTES.filter((route) => route.roles.includes(role) && route.inMenu !== false);
}
