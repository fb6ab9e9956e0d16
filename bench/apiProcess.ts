// The API as its own process for benchmarks (`api/main.ts`, the real entrypoint: HTTP + Socket.IO), on
// an isolated stack's environment. BENCH_CPU_PROF_DIR=<dir> writes a CPU profile of it there.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { issueAccessToken } from '../api/auth/tokens.js';
import type { ApiContext } from '../api/context.js';
import { freePort } from '../scripts/lib/ports.js';
import { projectRoot } from '../scripts/provision.js';

/** Starts the API process and resolves once it answers /api/health. */
export async function startApiProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', path.join(projectRoot, 'api', 'main.ts')], {
    cwd: projectRoot,
    env: { ...env, API_HOST: '127.0.0.1', API_PORT: String(port), LOG_LEVEL: 'warn', SERVE_WEB: 'false', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API process exited with code ${child.exitCode} during start-up`);
    const up = await fetch(`${url}/api/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (up) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error('the API process did not answer /api/health within 60 s');
}

/** A new traveler for a benchmark run, signed in: the JSON request headers carry their access token. */
export async function benchTraveler(ctx: ApiContext): Promise<{ userId: string; accessToken: string; headers: { authorization: string; 'content-type': string } }> {
  const user = await ctx.prisma.user.create({ data: { email: `bench-${randomUUID()}@example.test`, displayName: 'Bench' } });
  const { accessToken } = await issueAccessToken(ctx, user.id);
  return { userId: user.id, accessToken, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' } };
}
