// A map of a request's matches (Leaflet): home and school areas, places free now and places that come free, with a
// legend. Tiles only when MAP_TILE_URL is set; otherwise the outlines of Twente's 14 gemeenten on a blank background
// (shipped CBS/PDOK boundaries, shared/geo), so the browser loads nothing from outside by default.
import "leaflet/dist/leaflet.css";
import type { LatLngBoundsExpression, LatLngTuple } from "leaflet";
import { CircleMarker, MapContainer, TileLayer, Tooltip } from "react-leaflet";
import type { MatchMap as MatchMapData } from "../../../../../shared/schemas/advice.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { formatDate } from "../../../lib/format.js";
import { useMatchMap } from "../hooks/use-match-map.js";
import { GemeenteOutlines, REGION_BOUNDS } from "./gemeente-outlines.js";
import "./map.css";

export function MatchMap({ requestId }: { requestId: number }) {
  const map = useMatchMap(requestId);
  return (
    <section className="match-map" aria-labelledby="match-map-title" data-testid="match-map">
      <h2 id="match-map-title">Kaart van de passende locaties</h2>
      <LoadProblem
        status={map.status}
        error={map.error}
        onRetry={map.reload}
        loadFailed="De kaart kon niet worden geladen."
        refreshFailed="De kaart kon niet worden bijgewerkt."
      />
      {map.data && <MapView data={map.data} />}
    </section>
  );
}

function MapView({ data }: { data: MatchMapData }) {
  const points: LatLngTuple[] = [
    ...data.places.map((p): LatLngTuple => [p.lat, p.lon]),
    ...[data.home, data.school].flatMap((p): LatLngTuple[] => (p ? [[p.lat, p.lon]] : [])),
  ];
  const bounds: LatLngBoundsExpression = points.length > 1 ? points : REGION_BOUNDS;
  return (
    <>
      <div className="match-map__frame" data-tiles={data.tiles ? "ja" : "nee"}>
        <MapContainer
          bounds={bounds}
          boundsOptions={{ padding: [24, 24] }}
          scrollWheelZoom={false}
          className="match-map__map"
        >
          {data.tiles && <TileLayer url={data.tiles.url} attribution={data.tiles.attribution} />}
          <GemeenteOutlines withTiles={data.tiles !== null} />
          {data.places.map((p) => (
            <CircleMarker
              key={p.locationId}
              center={[p.lat, p.lon]}
              radius={8}
              className={p.availableFrom === null ? "map-place map-place--free" : "map-place map-place--soon"}
              pathOptions={
                p.availableFrom === null
                  ? { color: "#1b6e3a", fillColor: "#2e9d57", fillOpacity: 0.9 }
                  : {
                      color: "#b35c00",
                      dashArray: "4 3",
                      fillColor: "#ffffff",
                      fillOpacity: 0.9,
                    }
              }
            >
              <Tooltip>
                {p.rank}. {p.locationName}:{" "}
                {p.availableFrom === null ? `${p.free} vrij` : `vrij per ${formatDate(p.availableFrom)}`}
              </Tooltip>
            </CircleMarker>
          ))}
          {data.home && (
            <CircleMarker
              center={[data.home.lat, data.home.lon]}
              radius={11}
              className="map-home"
              pathOptions={{ color: "#1f4e9c", weight: 3, fillOpacity: 0.15 }}
            >
              <Tooltip>Thuis: postcodegebied {data.home.postcode}</Tooltip>
            </CircleMarker>
          )}
          {data.school && (
            <CircleMarker
              center={[data.school.lat, data.school.lon]}
              radius={11}
              className="map-school"
              pathOptions={{ color: "#7a2e8c", weight: 3, dashArray: "2 4", fillOpacity: 0.1 }}
            >
              <Tooltip>School: postcodegebied {data.school.postcode}</Tooltip>
            </CircleMarker>
          )}
        </MapContainer>
      </div>
      <ul className="match-map__legend" data-testid="match-map-legend">
        <li>
          <span className="legend-swatch legend-swatch--free" /> Nu vrij
        </li>
        <li>
          <span className="legend-swatch legend-swatch--soon" /> Komt vrij (geplande uitstroom)
        </li>
        <li>
          <span className="legend-swatch legend-swatch--home" /> Thuis (postcodegebied)
        </li>
        <li>
          <span className="legend-swatch legend-swatch--school" /> School (postcodegebied)
        </li>
        {!data.tiles && (
          <li>
            <span className="legend-swatch legend-swatch--gemeente" /> Gemeentegrens (CBS/PDOK); geen achtergrondkaart
            ingesteld
          </li>
        )}
      </ul>
      {(data.unplaced > 0 || !data.home) && (
        <p className="match-map__note">
          {data.unplaced > 0 && `${data.unplaced} locatie(s) zonder coördinaten staan niet op de kaart. `}
          {!data.home && "Het postcodegebied van thuis is onbekend."}
        </p>
      )}
    </>
  );
}
