// The unit tier's stand-in for `airport-data-js` (jest.config.js maps the package here): the same
// records, read from a JSON copy of the package's own `findAirports({})` answer. The package is 5.5 MB of
// JavaScript around a jsonpack blob, and jest compiles and unpacks it again in every test file that loads
// the places index (~0.5 s each); JSON.parse of the copy takes ~0.07 s. The copy is written on first use,
// once per package version, from the real package; nothing else about the package is used
// (domain/places.ts asks for all airports only).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: domain/places.ts require()s the package this module stands in for */
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

// By path: the package exports no package.json, and its bare name maps back to this module.
const packageDir = path.join(__dirname, '..', '..', 'node_modules', 'airport-data-js');
const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const copyPath = path.join(tmpdir(), 'tripsage-airport-data', `airport-data-js-${version}.json`);

async function allAirports() {
  if (existsSync(copyPath)) return JSON.parse(readFileSync(copyPath, 'utf8'));
  const airports = await require(path.join(packageDir, 'lib', 'index.js')).findAirports({});
  mkdirSync(path.dirname(copyPath), { recursive: true });
  const partial = `${copyPath}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(airports));
  renameSync(partial, copyPath); // atomic: parallel jest workers never read a half-written copy
  return airports;
}

module.exports = {
  async findAirports(filters) {
    if (Object.keys(filters ?? {}).length > 0) throw new Error('test/support/airportDataCache.cjs answers findAirports({}) only');
    return allAirports();
  },
};
