// What the forecast expects for this location's free places: in 1, 4 and 12 weeks, with the 80% band, and how well
// its forecasts did over the last six months.
import { ForecastAccuracyLine } from "../../../components/forecast-accuracy.js";
import { useLocationForecast } from "../hooks/use-location-forecast.js";

const HORIZONS = [1, 4, 12];
const number = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

export function LocationOutlook({ locationId }: { locationId: number }) {
  const { data: forecast, error } = useLocationForecast(locationId);
  if (!forecast) return error ? <p className="planning__outlook-error">{error.detail}</p> : null;
  const weeks = HORIZONS.flatMap((h) => forecast.weeks.filter((w) => w.week === h));

  return (
    <div className="planning__outlook" data-testid={`outlook-${locationId}`}>
      <p className="planning__outlook-title">Verwacht aantal vrije plekken</p>
      <dl className="planning__outlook-weeks">
        {weeks.map((w) => (
          <div key={w.week}>
            <dt>
              over {w.week} {w.week === 1 ? "week" : "weken"}
            </dt>
            <dd
              title={
                w.calibrated
                  ? `80% kans tussen ${w.low} en ${w.high} (band uit de eigen historie)`
                  : `tussen ${w.low} en ${w.high} volgens het model (te weinig historie om de band te toetsen)`
              }
            >
              {number.format(w.expected)}{" "}
              <span className="planning__interval">
                ({w.low}–{w.high})
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <ForecastAccuracyLine accuracy={forecast.accuracy} weeksAhead={4} />
    </div>
  );
}
