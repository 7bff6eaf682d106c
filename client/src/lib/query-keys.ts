// Every query key of the app in one place: a page's read (useQuery), the write that answers with a new state
// (setQueryData) and the push that says something changed (invalidateQueries) name the same data the same way. Keys
// are arrays from general to specific, so a prefix invalidates a whole family (all request lists, every match list).
// Filters are the features' own plain objects; lib/ does not import features, so they are typed as objects here.

export const queryKeys = {
  /** The location list for pickers (names, not live counts: the board folds its own feed). */
  locations: ["locations"] as const,
  capacitySummary: ["capacity-summary"] as const,
  requests: {
    all: ["requests"] as const,
    lists: ["requests", "list"] as const,
    list: (finished: boolean) => ["requests", "list", { finished }] as const,
    /** The request and its reservations, read together. */
    detail: (id: number) => ["requests", "detail", id] as const,
  },
  advice: (requestId: number) => ["advice", requestId] as const,
  matches: {
    all: ["matches"] as const,
    list: (requestId: number) => ["matches", requestId] as const,
  },
  matchMap: {
    all: ["match-map"] as const,
    of: (requestId: number) => ["match-map", requestId] as const,
  },
  ownReservations: ["reservations", "own"] as const,
  forecast: {
    /** Every forecast and planned move: what "forecast:changed" makes stale. */
    all: ["forecast"] as const,
    location: (locationId: number) => ["forecast", "location", locationId] as const,
    planned: (locationId: number) => ["forecast", "planned", locationId] as const,
    region: (filter: object) => ["forecast", "region", filter] as const,
  },
  monitor: (filter: object) => ["monitor", filter] as const,
  aanbod: {
    providers: ["aanbod", "providers"] as const,
  },
  accounts: ["accounts"] as const,
  tokens: (providerId: number) => ["tokens", providerId] as const,
  webhooks: (providerId: number) => ["webhooks", providerId] as const,
  audit: (filter: object, before: number | undefined) => ["audit", filter, before ?? null] as const,
  outbox: (filter: object) => ["outbox", filter] as const,
  jobs: ["jobs"] as const,
  retention: ["retention"] as const,
  notifications: {
    all: ["notifications"] as const,
    unreadCount: ["notifications", "unread-count"] as const,
    inbox: ["notifications", "inbox"] as const,
    mailPreferences: ["notifications", "mail-preferences"] as const,
  },
  secondFactor: ["second-factor"] as const,
  /** The one-tap page's link: one per page, and its secret stays out of the key. */
  freshnessLink: ["freshness-link"] as const,
};
