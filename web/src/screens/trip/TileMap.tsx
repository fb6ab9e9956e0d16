// The trip map on raster tiles (maplibre-gl), used only when the server configures MAP_TILE_URL; loaded
// on demand so the renderer never weighs on the first page.
import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { MapPoint } from '../../lib/tripMap.js';

/** `onUnavailable`: the browser cannot draw it (no WebGL); the caller shows the offline map instead. */
export function TileMap({ points, tiles, onUnavailable }: { points: MapPoint[]; tiles: { url: string; attribution: string | null }; onUnavailable: () => void }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    let map: maplibregl.Map;
    try {
      map = createMap(container.current, points, tiles);
    } catch {
      onUnavailable();
      return;
    }
    return () => map.remove();
  }, [points, tiles, onUnavailable]);
  return <div ref={container} className="tile-map" role="region" aria-label="Trip map (tiles)" data-testid="tile-map" />;
}

function createMap(container: HTMLElement, points: MapPoint[], tiles: { url: string; attribution: string | null }): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: { tiles: { type: 'raster', tiles: [tiles.url], tileSize: 256, ...(tiles.attribution && { attribution: tiles.attribution }) } },
      layers: [{ id: 'tiles', type: 'raster', source: 'tiles' }],
    },
    attributionControl: { compact: false },
  });
  const bounds = new maplibregl.LngLatBounds();
  for (const point of points) {
    bounds.extend([point.longitude, point.latitude]);
    const element = document.createElement('div');
    element.className = `tile-marker map-${point.kind}`;
    element.textContent = point.kind === 'centre' ? '◆' : point.mark;
    element.setAttribute('aria-label', point.label);
    element.setAttribute('role', 'img');
    if (point.kind === 'selected-stay') element.dataset.testid = 'map-stay-pin';
    new maplibregl.Marker({ element }).setLngLat([point.longitude, point.latitude]).addTo(map);
  }
  map.fitBounds(bounds, { padding: 48, maxZoom: 14, animate: false });
  return map;
}
