// `npm run bench -- bundle`: the web client's download sizes, gzipped as served. "Initial" is what the
// first page load fetches (the entry script, its modulepreload chunks and CSS, read from the built
// index.html); everything else is a screen's chunk, fetched when that screen is first shown. The
// baseline in the same run is the whole client (every chunk): the ratio is how much of it a first load pays.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebClient } from '../scripts/lib/web.js';
import { projectRoot } from '../scripts/provision.js';

/** The budget for a first load (issue: the initial chunk under 200 KB gzipped). */
const INITIAL_BUDGET_KB = 200;

export async function runBundleBenchmark(): Promise<void> {
  await buildWebClient(projectRoot);
  const dist = path.join(projectRoot, 'web', 'dist');
  const assets = readdirSync(path.join(dist, 'assets')).filter((file) => /\.(js|css)$/.test(file));
  const gzippedKb = (file: string) => gzipSync(readFileSync(path.join(dist, 'assets', file)), { level: 9 }).length / 1024;
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((match) => match[1] as string));
  const rows = assets.map((file) => ({ file, kb: gzippedKb(file), initial: initial.has(file) })).sort((a, b) => b.kb - a.kb);
  const sum = (list: typeof rows) => list.reduce((total, row) => total + row.kb, 0);
  const initialKb = sum(rows.filter((row) => row.initial));
  const totalKb = sum(rows);
  for (const row of rows.slice(0, 12)) console.log(`${row.initial ? 'initial' : 'lazy   '}  ${row.kb.toFixed(1).padStart(7)} KB gz  ${row.file}`);
  console.log(`chunks: ${rows.length} (${rows.filter((row) => row.initial).length} on first load)`);
  console.log(`first load: ${initialKb.toFixed(1)} KB gz (budget ${INITIAL_BUDGET_KB} KB: ${initialKb <= INITIAL_BUDGET_KB ? 'within' : 'OVER'})`);
  console.log(`whole client (baseline): ${totalKb.toFixed(1)} KB gz; first load / whole = ${(initialKb / totalKb).toFixed(2)}`);
}
