import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadPlaces, normalizePlaceName, type PlaceIndex } from '../../domain/places.js';
import { DESTINATION_ROWS, SIGHT_KINDS, destinationFor } from './destinations.js';

let places: PlaceIndex;
beforeAll(async () => {
  places = await loadPlaces();
});

describe('destination data', () => {
  it('covers at least 100 destinations, each once', () => {
    expect(DESTINATION_ROWS.length).toBeGreaterThanOrEqual(100);
    const keys = DESTINATION_ROWS.map((row) => `${row.code}:${normalizePlaceName(row.name)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keys every destination by a city code the place index resolves to itself', () => {
    const unresolved = DESTINATION_ROWS.filter((row) => places.city(row.code)?.code !== row.code).map((row) => `${row.name} (${row.code})`);
    expect(unresolved).toEqual([]);
  });

  it('finds the destinations travellers name: the name resolves to the same code where the datasets know it', () => {
    // Names the datasets do not know (or map elsewhere) are reached by code only.
    const mismatched = DESTINATION_ROWS.filter((row) => {
      const found = places.lookup(row.name);
      return found !== undefined && found.city.code !== row.code;
    }).map((row) => `${row.name}: ${row.code} vs ${places.lookup(row.name)?.city.code}`);
    expect(mismatched).toEqual([]);
  });

  it.each(DESTINATION_ROWS.map((row) => [`${row.name} (${row.code})`, row] as const))('%s has the expected shape', (_label, row) => {
    expect(row.sights.length).toBeGreaterThanOrEqual(6);
    expect(row.sights.length).toBeLessThanOrEqual(10);
    expect(row.areas.length).toBeGreaterThanOrEqual(2);
    expect(row.areas.length).toBeLessThanOrEqual(4);
    expect(row.dayTrips.length).toBeGreaterThanOrEqual(1);
    expect(row.dayTrips.length).toBeLessThanOrEqual(3);
    expect(row.food.length).toBeGreaterThanOrEqual(2);
    expect(row.food.length).toBeLessThanOrEqual(4);
    const names = row.sights.map(([name]) => normalizePlaceName(name));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(row.areas).size).toBe(row.areas.length);
    for (const [name, kinds, setting, time, line] of row.sights) {
      expect(name.trim()).toBe(name);
      expect(kinds.split('/').filter((kind) => !(SIGHT_KINDS as readonly string[]).includes(kind))).toEqual([]);
      expect(['in', 'out']).toContain(setting);
      expect(['morning', 'afternoon', 'evening', 'any']).toContain(time);
      expect(line.length).toBeGreaterThan(3);
    }
  });

  it('picks the entry named like the destination when a code covers several (Kyoto and Osaka on OSA)', () => {
    expect(destinationFor('OSA', ['Kyoto', 'Osaka'])?.name).toBe('Kyoto');
    expect(destinationFor('osa', ['Osaka'])?.name).toBe('Osaka');
    expect(destinationFor('OSA', ['Itami'])?.name).toBe('Osaka');
    expect(destinationFor('XXX', ['Nowhere'])).toBeNull();
    expect(destinationFor(null)).toBeNull();
  });
});
