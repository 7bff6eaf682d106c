import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <section className="page">
      <title>Pagina niet gevonden — Beschikbaarheidswijzer Twente</title>
      <h1>Pagina niet gevonden</h1>
      <p>
        Deze pagina bestaat niet. Ga naar <Link to="/">het overzicht van de beschikbaarheid</Link>.
      </p>
    </section>
  );
}
