// The 14 gemeenten of Twente as outlines from the shipped CBS/PDOK boundaries (shared/geo), drawn in a pane of their
// own below the markers. Without tiles they are the background (light fill, names on them); with tiles only the borders.
import type { LatLngBoundsExpression, LatLngTuple } from "leaflet";
import { Pane, Polygon, Tooltip } from "react-leaflet";
import { TWENTE_GEMEENTEN } from "../../../../../shared/geo/twente-gemeenten.js";

// Leaflet takes [lat, lon]; the shipped rings are GeoJSON [lon, lat].
const OUTLINES = TWENTE_GEMEENTEN.map((g) => ({
  name: g.name,
  positions: g.ring.map(([lon, lat]): LatLngTuple => [lat, lon]),
}));

/** The region's extent from its outlines: the view when there is nothing to fit. */
export const REGION_BOUNDS: LatLngBoundsExpression = OUTLINES.flatMap((o) => o.positions);

/** CC BY asks for the source on the map itself: Leaflet's attribution control shows it once for all 14. */
const ATTRIBUTION = "Gemeentegrenzen: CBS / PDOK (CC BY 4.0)";

/** Leaflet's overlay pane (markers) sits at z-index 400, tiles at 200: the outlines go between. */
const PANE_Z_INDEX = 350;

export function GemeenteOutlines({ withTiles }: { withTiles: boolean }) {
  return (
    <Pane name="gemeenten" style={{ zIndex: PANE_Z_INDEX }}>
      {OUTLINES.map((o) => (
        <Polygon
          key={o.name}
          positions={o.positions}
          interactive={false}
          attribution={ATTRIBUTION}
          className="map-gemeente"
          pathOptions={{ color: "#8a8f98", weight: 1, fillColor: "#e4e8dc", fillOpacity: withTiles ? 0 : 0.7 }}
        >
          {!withTiles && (
            <Tooltip permanent direction="center" className="map-gemeente-label">
              {o.name}
            </Tooltip>
          )}
        </Polygon>
      ))}
    </Pane>
  );
}
