// What a token is for, in words a provider's planner can pass on to whoever runs its planning system.
interface Props {
  providerName: string;
}

export function TokenUsage({ providerName }: Props) {
  return (
    <section className="token-usage" aria-labelledby="token-usage-title">
      <h2 id="token-usage-title">Zo gebruikt uw planningssysteem een token</h2>
      <p>
        Met een API-token geeft uw planningssysteem de vrije plekken zelf door, zonder dat iemand hoeft in te loggen.
        Het systeem stuurt het token mee in de kopregel <code>Authorization: Bearer &lt;token&gt;</code>, bijvoorbeeld
        om het aantal vrije plekken van een locatie vast te leggen:
      </p>
      <pre className="token-usage__example">
        {`PUT /api/locations/<locatie-id>/availability
Authorization: Bearer <token>
Content-Type: application/json

{ "version": <laatst geziene versie>, "free": 2 }`}
      </pre>
      <p>
        De versie staat bij de locatie (<code>GET /api/locations/&lt;locatie-id&gt;</code>, met hetzelfde token). Heeft
        iemand de locatie intussen gewijzigd, dan antwoordt de server met 409 en de actuele aantallen. De volledige
        beschrijving van de API staat in <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <p>
        Een token werkt alleen voor de locaties van <strong>{providerName}</strong>. Gebruik per systeem een eigen token
        en trek het in zodra het niet meer nodig is of in verkeerde handen kan zijn gekomen.
      </p>
    </section>
  );
}
