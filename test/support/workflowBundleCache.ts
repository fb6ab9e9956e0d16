// The workflow bundle for in-process test workers, reused while none of its inputs changed. Bundling
// (webpack, what Worker.create does given workflowsPath) costs ~2.5 s inside jest; the cached bundle is
// the same code for ~0.02 s. The cache records every file webpack read (workflow sources, the SDK's and
// other packages' files) with its content hash, and every path webpack looked for and did not find; the
// bundle is reused only while each file hashes the same and each missing path is still missing. The
// bundling options (worker/bundler.ts, this file) count as inputs. One cache file per checkout.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { projectRoot } from '../../scripts/lib/projectRoot.js';
import { workflowBundlerOptions, workflowsPath } from '../../worker/bundler.js';

type WebpackConfig = Parameters<typeof workflowBundlerOptions.webpackConfigHook>[0];
type WebpackPlugin = NonNullable<WebpackConfig['plugins']>[number];

interface CachedBundle {
  code: string;
  /** File (or folder) → digestOf() it when bundled. */
  inputs: Record<string, string | null>;
  missing: string[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** A file's content hash; a folder's (webpack lists a few it read) is its listing's; null: not on disk. */
function digestOf(file: string): string | null {
  if (!existsSync(file)) return null;
  return sha256(statSync(file).isDirectory() ? readdirSync(file).sort().join('\n') : readFileSync(file));
}

const cachePath = path.join(tmpdir(), 'tripsage-workflow-bundle', `${sha256(projectRoot).slice(0, 16)}.json`);
const bundlingOptions = [fileURLToPath(import.meta.url), fileURLToPath(new URL('../../worker/bundler.ts', import.meta.url))];

function cachedBundle(): CachedBundle | null {
  try {
    const cached = JSON.parse(readFileSync(cachePath, 'utf8')) as CachedBundle;
    const unchanged = Object.entries(cached.inputs).every(([file, digest]) => digestOf(file) === digest) && cached.missing.every((file) => !existsSync(file));
    return unchanged ? cached : null;
  } catch {
    return null; // no cache yet, or an unreadable one: bundle afresh
  }
}

/** The workflow bundle's code, as Worker.create's `workflowBundle: { code }`. */
export async function workflowBundleCode(): Promise<string> {
  const cached = cachedBundle();
  if (cached) return cached.code;

  let read: string[] = [];
  let missing: string[] = [];
  const recordInputs: WebpackPlugin = {
    apply(compiler) {
      compiler.hooks.done.tap('tripsage-bundle-inputs', ({ compilation }) => {
        read = [...compilation.fileDependencies];
        missing = [...compilation.missingDependencies];
      });
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => {
      const configured = workflowBundlerOptions.webpackConfigHook(config);
      return { ...configured, plugins: [...(configured.plugins ?? []), recordInputs] };
    },
  });
  const inputs = Object.fromEntries([...read, ...bundlingOptions].map((file) => [file, digestOf(file)]));
  mkdirSync(path.dirname(cachePath), { recursive: true });
  const partial = `${cachePath}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ code, inputs, missing } satisfies CachedBundle));
  renameSync(partial, cachePath); // atomic: a parallel test process never reads half a cache
  return code;
}
