// A page the user's role is not offered, reached by a link or typed address; the server would refuse its data anyway.

import { Link } from "react-router";
import { ROLE_LABELS } from "../../../../shared/domain.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";

export function NoAccessPage() {
  const user = useCurrentUser();
  return (
    <section className="page" data-testid="no-access">
      <title>Geen toegang — Beschikbaarheidswijzer Twente</title>
      <h1>Geen toegang</h1>
      <p>
        Met uw rol ({ROLE_LABELS[user.role]}) heeft u geen toegang tot deze pagina. Ga naar{" "}
        <Link to="/">het overzicht van de beschikbaarheid</Link>. Denkt u dat u deze pagina wel nodig heeft, neem dan
        contact op met de beheerder.
      </p>
    </section>
  );
}
