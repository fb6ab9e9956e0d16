// End-to-end harness: the real API process (api/main.ts, serving the built web client and Socket.IO)
// on the isolated stack jest's global setup started, and Debian's Chromium driven by playwright-core.
import { afterAll, beforeAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { SendMessageResult } from '../../domain/trip.js';
import { freePort } from '../../scripts/lib/ports.js';
import { stop } from '../../scripts/lib/process.js';
import { buildWebClient } from '../../scripts/lib/web.js';
import { eventually } from '../support/eventually.js';

export const projectRoot = process.cwd();
export const screenshotDir = path.join(projectRoot, 'docs', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
export const PASSWORD = 'correct horse battery staple';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WebApi {
  url: string;
  child: ChildProcess;
  output: string[];
  close(): Promise<void>;
  /** SIGKILLs the process (a crash: no graceful shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

/** Builds web/dist if its sources changed, then starts `api/main.ts` serving it, like `npm start` does. */
export async function startWebApi(env: Record<string, string> = {}): Promise<WebApi> {
  await buildWebClient(projectRoot);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const api: WebApi = {
    url,
    child: await spawnApi(port, url, env, output),
    output,
    close: () => stop(api.child, 10_000),
    async kill() {
      api.child.kill('SIGKILL');
      await stop(api.child, 1_000);
    },
    async restart() {
      api.child = await spawnApi(port, url, env, output);
    },
  };
  return api;
}

async function spawnApi(port: number, url: string, env: Record<string, string>, output: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      PUBLIC_URL: url,
      SERVE_WEB: 'true',
      WEB_DIST_DIR: path.join(projectRoot, 'web', 'dist'),
      LOG_LEVEL: 'warn',
      // Many sign-ups and requests from one IP in a few minutes; price checks every 3 s.
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      RATE_LIMIT_PER_MINUTE: '10000',
      RATE_LIMIT_IP_PER_MINUTE: '100000',
      PRICE_WATCH_MIN_CADENCE_MINUTES: '0.05',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`api did not become healthy:\n${output.join('')}`);
    }
    await sleep(200);
  }
  return child;
}

async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface SignedUp {
  email: string;
  session: { accessToken: string; refreshToken: string; expiresIn: number; user: { id: string; email: string; displayName: string; role: string } };
}

/** Registers a user through the API (what the sign-up form does). */
export async function registerUser(baseUrl: string, label: string): Promise<SignedUp> {
  const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, displayName: `E2E ${label}` }),
  });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
  return { email, session: (await response.json()) as SignedUp['session'] };
}

export interface PlannedTrip {
  tripId: string;
  plan: SendMessageResult['plan'];
  /** The user's JSON request headers (bearer token). */
  auth: Record<string, string>;
}

/** Creates a trip for `user` and plans it from `text` through the API (the reply in the response: `Prefer: wait`). */
export async function plannedTrip(baseUrl: string, user: SignedUp, title: string, text: string): Promise<PlannedTrip> {
  const auth = { authorization: `Bearer ${user.session.accessToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${baseUrl}/api/trips`, { method: 'POST', headers: auth, body: JSON.stringify({ title }) });
  const tripId = ((await created.json()) as { id: string }).id;
  const turn = await fetch(`${baseUrl}/api/trips/${tripId}/messages`, { method: 'POST', headers: { ...auth, prefer: 'wait=60' }, body: JSON.stringify({ text, clientMessageId: 'plan-1' }) });
  if (turn.status !== 200) throw new Error(`planning the trip failed: ${turn.status} ${await turn.text()}`);
  return { tripId, plan: ((await turn.json()) as SendMessageResult).plan, auth };
}

export interface PageHandle {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page (each test expects none). */
  errors: string[];
}

export const phone = { width: 390, height: 844 };
export const desktop = { width: 1280, height: 900 };

/** A fresh browser context (own storage); signed in as `user` when given. */
export async function openPage(browser: Browser, baseUrl: string, options: { user?: SignedUp; viewport?: { width: number; height: number }; serviceWorkers?: 'allow' | 'block' } = {}): Promise<PageHandle> {
  // `serviceWorkers: 'block'` for tests that route the page's requests (a worker's fetches bypass page.route).
  const context = await browser.newContext({ baseURL: baseUrl, viewport: options.viewport ?? desktop, reducedMotion: 'reduce', serviceWorkers: options.serviceWorkers ?? 'allow' });
  if (options.user) {
    const stored = { ...options.user.session, expiresAt: Date.now() + options.user.session.expiresIn * 1000 };
    await context.addInitScript((value: string) => {
      if (!window.localStorage.getItem('tripsage.session')) window.localStorage.setItem('tripsage.session', value);
    }, JSON.stringify(stored));
  }
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Saves a full-page screenshot as docs/screenshots/<name>.png. */
/**
 * Saves `<name>.png` and checks the screen with axe-core (a violation fails the test). A screen shown at
 * desktop width is also saved and checked at phone width (`<name>-phone.png`), then the viewport is put
 * back: every screen a test shows is seen, and checked, at both sizes.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; phoneToo?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  const shoot = async (target: string, size: string) => {
    // Let charts, fonts and the last live events settle.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: target, fullPage: options.fullPage ?? true, animations: 'disabled' });
    const violations = await accessibilityViolations(page);
    if (violations.length > 0) throw new Error(`axe-core found violations on ${name} (${size}):\n${violations.join('\n')}`);
  };
  const viewport = page.viewportSize();
  await shoot(file, viewport ? `${viewport.width}×${viewport.height}` : 'default size');
  if ((options.phoneToo ?? true) && viewport && viewport.width > phone.width) {
    await page.setViewportSize(phone);
    try {
      // The layout switches on a media query: let two frames render first.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await shoot(path.join(screenshotDir, `${name}-phone.png`), `${phone.width}×${phone.height}`);
    } finally {
      await page.setViewportSize(viewport);
    }
  }
  return path.relative(projectRoot, file);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Polls `read` until `done` accepts its value; the value, or an error showing the last one seen. */
export function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  return eventually(read, done, { what, timeoutMs, intervalMs: 100 });
}

/** axe-core's violations on the page as it is now (WCAG 2.1 A/AA rules), as `rule: target` lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline tag.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  return violations;
}

export interface BrowserSuite {
  /** The API started for the suite (after its beforeAll); the first node when there are several. */
  readonly api: WebApi;
  /** Every API node started for the suite: separate processes on one database, Redis and Temporal. */
  readonly apis: readonly WebApi[];
  readonly browser: Browser;
  /** A page the suite closes after its tests, served by API node `node` (0: the first). */
  open(options?: Parameters<typeof openPage>[2], node?: number): Promise<PageHandle>;
}

/**
 * A web API and a browser, started side by side. If one of them fails, the other is closed before the error
 * is rethrown (with Promise.all, an API that started beside a browser that could not launch was left running).
 */
export async function startWebApiAndBrowser(env: Record<string, string> = {}): Promise<[WebApi, Browser]> {
  const [api, browser] = await Promise.allSettled([startWebApi(env), launchBrowser()]);
  if (api.status === 'fulfilled' && browser.status === 'fulfilled') return [api.value, browser.value];
  if (api.status === 'fulfilled') await api.value.close();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw api.status === 'rejected' ? api.reason : (browser as PromiseRejectedResult).reason;
}

/**
 * API nodes (one unless asked for more) and a browser for the calling describe block: started in its
 * beforeAll, closed in its afterAll together with every page opened through `open`.
 */
export function browserSuite(options: { apiNodes?: number } = {}): BrowserSuite {
  let apis: WebApi[] | undefined;
  let browser: Browser | undefined;
  const handles: PageHandle[] = [];
  beforeAll(async () => {
    const [first, launched] = await startWebApiAndBrowser();
    browser = launched;
    apis = [first];
    // One after another: the first start built the web client the others serve.
    for (let node = 1; node < (options.apiNodes ?? 1); node += 1) apis.push(await startWebApi());
  });
  afterAll(async () => {
    for (const handle of handles) await handle.context.close().catch(() => undefined);
    await browser?.close();
    await Promise.all((apis ?? []).map((api) => api.close()));
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('browserSuite: used before its beforeAll ran');
    return value;
  };
  return {
    get api() {
      return started(apis?.[0]);
    },
    get apis() {
      return started(apis);
    },
    get browser() {
      return started(browser);
    },
    async open(options = {}, node = 0) {
      const handle = await openPage(started(browser), started(apis?.[node]).url, options);
      handles.push(handle);
      return handle;
    },
  };
}

/** Both pages as they are now, side by side in one image (composed in a blank page of the same browser). */
export async function sideBySide(left: Page, right: Page, name: string, canvas: Page, labels: [string, string] = ['Owner', 'Collaborator']): Promise<string> {
  const [leftShot, rightShot] = await Promise.all([left.screenshot({ animations: 'disabled' }), right.screenshot({ animations: 'disabled' })]);
  for (const page of [left, right]) {
    const violations = await accessibilityViolations(page);
    if (violations.length > 0) throw new Error(`axe-core found violations on ${name}:\n${violations.join('\n')}`);
  }
  const image = (shot: Buffer, label: string) =>
    `<figure><figcaption>${label}</figcaption><img alt="${label}" src="data:image/png;base64,${shot.toString('base64')}"></figure>`;
  await canvas.setViewportSize({ width: 2 * 1280 + 48, height: 960 });
  await canvas.setContent(
    `<html><body style="margin:0;display:flex;gap:16px;padding:8px 16px;background:#334155;font:600 16px system-ui;color:#fff">${image(leftShot, labels[0])}${image(rightShot, labels[1])}</body></html>`,
  );
  await canvas.addStyleTag({ content: 'figure{margin:0} figcaption{margin:0 0 6px} img{display:block;width:1280px;border-radius:6px}' });
  const file = path.join(screenshotDir, `${name}.png`);
  writeFileSync(file, await canvas.screenshot({ fullPage: true }));
  return path.relative(process.cwd(), file);
}

/**
 * Holds the trip state `page` fetches at the first version it saw until the page sends a change to
 * `changePath` (as a screen that has not caught up yet would); then it fetches live again.
 */
export async function holdStateUntilChange(page: Page, tripId: string, changePath: string): Promise<void> {
  let held: string | null = null;
  let holding = true;
  await page.route(`**/api/trips/${tripId}/state`, async (route) => {
    if (holding && held !== null) return route.fulfill({ status: 200, contentType: 'application/json', body: held });
    const response = await route.fetch();
    const body = await response.text();
    if (holding) held = body;
    await route.fulfill({ response, body });
  });
  page.on('request', (request) => {
    if (request.url().endsWith(`/api/trips/${tripId}/${changePath}`)) holding = false;
  });
}
