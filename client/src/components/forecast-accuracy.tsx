// How well the forecast did over the last six months (#23 item 6): beside a forecast in the monitor and on the
// provider's page. Mean places off for the forecast shown and for "niets verandert", and the share inside the band.
import type { ForecastAccuracy as Accuracy } from "../../../shared/schemas/forecast.js";
import "./forecast-accuracy.css";

const places = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const percent = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 0 });
const weeksLabel = (n: number) => `${n} ${n === 1 ? "week" : "weken"}`;

/** The table form, for the monitor. `calibrated`: whether the band shown now comes from the history's errors. */
export function ForecastAccuracyTable({ accuracy, calibrated }: { accuracy: Accuracy[]; calibrated: boolean }) {
  return (
    <div className="forecast-accuracy" data-testid="forecast-accuracy">
      <p className="forecast-accuracy__title">Hoe goed klopte de prognose? (afgelopen 6 maanden)</p>
      {accuracy.length === 0 ? (
        <p className="forecast-accuracy__note">Nog te weinig historie om de prognose aan te toetsen.</p>
      ) : (
        <table className="forecast-accuracy__table">
          <thead>
            <tr>
              <th scope="col">Vooruit</th>
              <th scope="col">Gemiddeld ernaast (prognose)</th>
              <th scope="col">Gemiddeld ernaast als niets verandert</th>
              <th scope="col">Binnen de 80%-band</th>
            </tr>
          </thead>
          <tbody>
            {accuracy.map((a) => (
              <tr key={a.weeksAhead}>
                <th scope="row">{weeksLabel(a.weeksAhead)}</th>
                <td>{places.format(a.mae)} plekken</td>
                <td>{places.format(a.maePersistence)} plekken</td>
                <td>{a.inside === null ? "–" : percent.format(a.inside)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!calibrated && (
        <p className="forecast-accuracy__note" data-testid="band-uncalibrated">
          De band komt nog niet uit de eigen historie (te weinig gegevens): het is de band van het model zelf.
        </p>
      )}
    </div>
  );
}

/** One line, for a location on the provider's page: the figure of `weeksAhead` weeks (or the nearest). */
export function ForecastAccuracyLine({ accuracy, weeksAhead }: { accuracy: Accuracy[]; weeksAhead: number }) {
  const a = accuracy.find((x) => x.weeksAhead === weeksAhead) ?? accuracy[0];
  if (!a) return <p className="forecast-accuracy__note">Nog te weinig historie om deze prognose aan te toetsen.</p>;
  const inside = a.inside === null ? "" : `; ${percent.format(a.inside)} binnen de band`;
  return (
    <p className="forecast-accuracy__line" data-testid="forecast-accuracy-line">
      Afgelopen 6 maanden, {weeksLabel(a.weeksAhead)} vooruit: gemiddeld {places.format(a.mae)} plek ernaast (als niets
      verandert: {places.format(a.maePersistence)}){inside}.
    </p>
  );
}
