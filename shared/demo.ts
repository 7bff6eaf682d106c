// What the demo publishes about signing in to its own accounts. Demo mode only (DEMO_SEED): the login page shows it
// for these addresses, and no real account ever has this secret.
// A reserved top-level domain (RFC 2606): with SMTP_URL set, the demo's mail can never reach a real mailbox.
export const DEMO_EMAIL_DOMAIN = "demo.twente.test";

/**
 * The authenticator key of the demo's regisseur and beheerder (MFA_REQUIRED_ROLES signs them in with a code): fixed and
 * published, so everyone who tries the demo can add it to an app, and the first visitor cannot bind the account to
 * their own phone. Base32, 20 bytes.
 */
export const DEMO_TOTP_SECRET = "TWENTEDEMOWIJZERTWENTEDEMOWIJZER";
