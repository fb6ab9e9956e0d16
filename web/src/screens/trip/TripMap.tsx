// The trip map, loaded on demand: the city centre, the stay options (the selected one as the pin) and the
// airports near the destination. Offline by default: Natural Earth land shapes (world-atlas TopoJSON, 1:50m)
// projected with d3-geo into SVG. When the server configures map tiles, a maplibre-gl tile map instead.
import { useQuery } from '@tanstack/react-query';
import { geoMercator, geoPath } from 'd3-geo';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { api } from '../../api/client.js';
import type { FlightOffer, StayOffer } from '../../api/types.js';
import type { DestinationBrief } from '../../../../domain/trip.js';
import { Loading } from '../../components/ui.js';
import { flightAirports, tripMapPoints, type AirportLocation, type MapPoint } from '../../lib/tripMap.js';

const TileMap = lazy(() => import('./TileMap.js').then((module) => ({ default: module.TileMap })));

const WIDTH = 640;
const HEIGHT = 400;
const PADDING = 36;
/** Around a lone point the map still shows ~5 km each way. */
const MIN_SPAN_DEGREES = 0.05;
/**
 * Below this span (km) the 1:50m coastline is too coarse to draw (it would put waterfront hotels in the
 * river); the map shows distance rings around the centre instead.
 */
const MIN_LAND_SPAN_KM = 40;
const RING_KM = [1, 2, 5] as const;

interface ClientConfig {
  mapTiles: { url: string; attribution: string | null } | null;
}

/** Natural Earth land at 1:50m (~180 KB gzipped), fetched only for a map wide enough to draw it. */
async function loadLand() {
  const topology = (await import('world-atlas/land-50m.json', { with: { type: 'json' } })).default as unknown as Topology<{ land: GeometryCollection }>;
  return feature(topology, topology.objects.land);
}

export function TripMap({ stays, selectedStayId, destination, flight }: { stays: StayOffer[]; selectedStayId: string | null; destination: DestinationBrief | null; flight: FlightOffer | null }) {
  const codes = flightAirports(flight);
  const config = useQuery({ queryKey: ['client-config'], queryFn: () => api.get<ClientConfig>('/client-config'), staleTime: Infinity });
  const airports = useQuery({
    queryKey: ['airports', codes.join(',')],
    queryFn: () => api.get<{ items: AirportLocation[] }>(`/plan/airports?codes=${encodeURIComponent(codes.join(','))}`),
    enabled: codes.length > 0,
    staleTime: Infinity,
  });
  const [tilesUnavailable, setTilesUnavailable] = useState(false);
  const onTilesUnavailable = useCallback(() => setTilesUnavailable(true), []);
  const { points, farAirports } = useMemo(
    () => tripMapPoints({ stays, selectedStayId, destination, airports: airports.data?.items ?? [] }),
    [stays, selectedStayId, destination, airports.data],
  );
  if (points.length === 0) return <p className="muted">Nothing to show on the map yet.</p>;
  const tiles = tilesUnavailable ? null : (config.data?.mapTiles ?? null);
  return (
    <div className="trip-map" data-testid="trip-map">
      {tiles ? (
        <Suspense fallback={<Loading what="Loading the tile map" />}>
          <TileMap points={points} tiles={tiles} onUnavailable={onTilesUnavailable} />
        </Suspense>
      ) : (
        <VectorMap points={points} />
      )}
      <ul className="map-legend">
        {points.map((point) => (
          <li key={point.id} className={`legend-${point.kind}`}>
            <svg className="legend-mark" viewBox="-17 -42 34 46" aria-hidden="true">
              <g transform={point.kind === 'selected-stay' ? undefined : 'translate(0 -19) scale(1.4)'}>
                <Marker point={point} />
              </g>
            </svg>
            {point.label}
          </li>
        ))}
      </ul>
      {farAirports.length > 0 && <p className="muted small">Also on this trip: {farAirports.map((airport) => `${airport.iata} (${airport.cityName})`).join(', ')}.</p>}
      <p className="muted small">The days’ places have no map positions yet: the map shows the stays, the city centre and the airports.</p>
    </div>
  );
}

function VectorMap({ points }: { points: MapPoint[] }) {
  const { projection, projected, rings, needsLand } = useMemo(() => {
    const lats = points.map((point) => point.latitude);
    const lons = points.map((point) => point.longitude);
    const [midLat, midLon] = [(Math.min(...lats) + Math.max(...lats)) / 2, (Math.min(...lons) + Math.max(...lons)) / 2];
    const frame: GeoJSON.MultiPoint = {
      type: 'MultiPoint',
      coordinates: [...points.map((point) => [point.longitude, point.latitude]), [midLon - MIN_SPAN_DEGREES, midLat - MIN_SPAN_DEGREES], [midLon + MIN_SPAN_DEGREES, midLat + MIN_SPAN_DEGREES]],
    };
    const projection = geoMercator()
      .fitExtent(
        [
          [PADDING, PADDING],
          [WIDTH - PADDING, HEIGHT - PADDING],
        ],
        frame,
      )
      .clipExtent([
        [0, 0],
        [WIDTH, HEIGHT],
      ]);
    const [[west, north], [east, south]] = [projection.invert?.([0, 0]) ?? [0, 0], projection.invert?.([WIDTH, HEIGHT]) ?? [0, 0]];
    const widthKm = Math.max(Math.abs(east - west) * 111.32 * Math.cos((midLat * Math.PI) / 180), 0.001);
    const spanKm = Math.max(widthKm, Math.abs(north - south) * 111.32);
    const centre = points.find((point) => point.kind === 'centre');
    const centreXy = centre ? projection([centre.longitude, centre.latitude]) : null;
    const needsLand = spanKm >= MIN_LAND_SPAN_KM;
    return {
      projection,
      needsLand,
      projected: points.map((point) => ({ point, xy: projection([point.longitude, point.latitude]) ?? [0, 0] })),
      rings: centreXy && !needsLand ? RING_KM.map((km) => ({ km, x: centreXy[0], y: centreXy[1], r: (km * WIDTH) / widthKm })) : [],
    };
  }, [points]);
  const land = useQuery({ queryKey: ['land-50m'], queryFn: loadLand, enabled: needsLand, staleTime: Infinity });
  const path = useMemo(() => (needsLand && land.data ? (geoPath(projection)(land.data) ?? '') : null), [needsLand, land.data, projection]);
  const selected = points.find((point) => point.kind === 'selected-stay');
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="trip-map-title" className="vector-map" data-testid="vector-map">
      <title id="trip-map-title">{`Map of ${points.length} places${selected ? `; ${selected.label}` : ''}`}</title>
      <rect width={WIDTH} height={HEIGHT} className={path === null ? 'map-plain' : 'map-water'} />
      {path !== null && <path d={path} className="map-land" />}
      {rings.map((ring) => (
        <g key={ring.km} className="map-ring">
          <circle cx={ring.x} cy={ring.y} r={ring.r} />
          <text x={ring.x + ring.r * Math.SQRT1_2 + 3} y={ring.y - ring.r * Math.SQRT1_2 - 3}>
            {ring.km} km
          </text>
        </g>
      ))}
      {projected.map(({ point, xy: [x, y] }) => (
        <g key={point.id} transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`} className="map-point" data-testid={point.kind === 'selected-stay' ? 'map-stay-pin' : undefined}>
          <Marker point={point} />
        </g>
      ))}
    </svg>
  );
}

/** A point's marker, drawn at the origin: the pin for the selected stay, numbered dots, a diamond, an airport tag. */
function Marker({ point }: { point: MapPoint }) {
  switch (point.kind) {
    case 'selected-stay':
      return (
        <g className="map-selected-stay">
          <path d="M0 0 C -4 -10 -14 -16 -14 -26 A 14 14 0 1 1 14 -26 C 14 -16 4 -10 0 0 Z" />
          <text y={-22} textAnchor="middle">
            {point.mark}
          </text>
        </g>
      );
    case 'stay':
      return (
        <g className="map-stay">
          <circle r={9} />
          <text y={4} textAnchor="middle">
            {point.mark}
          </text>
        </g>
      );
    case 'centre':
      return (
        <g className="map-centre">
          <rect x={-6} y={-6} width={12} height={12} transform="rotate(45)" />
        </g>
      );
    case 'airport':
      return (
        <g className="map-airport">
          <rect x={-16} y={-9} width={32} height={18} rx={4} />
          <text y={4} textAnchor="middle">
            {point.mark}
          </text>
        </g>
      );
  }
}
