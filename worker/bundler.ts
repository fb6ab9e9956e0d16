// Workflow bundling: the options shared by the worker, replay tests and benchmarks, the prebuilt bundle
// (`npm run build:workflows`) and how the worker picks between the two.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, bundleWorkflowCode, type BundleOptions, type WorkerOptions } from '@temporalio/worker';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

export const workflowBundlerOptions = {
  // Source files import siblings as `./x.js` (NodeNext); let webpack find the `.ts` file behind it.
  webpackConfigHook: (config: WebpackConfig): WebpackConfig => ({
    ...config,
    resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
  }),
} satisfies Pick<BundleOptions, 'webpackConfigHook'>;

/**
 * The workflows' entry: workflows/index.ts from the sources, workflows/index.js when this file runs
 * compiled (dist/), so either tree bundles itself.
 */
export const workflowsPath = fileURLToPath(new URL(`../workflows/index${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** Bundles the workflow code (webpack, what Worker.create does at start) into `outputPath`; returns its size in bytes. */
export async function buildWorkflowBundle(outputPath: string): Promise<number> {
  // WARN: webpack's per-module statistics (INFO) say nothing a build needs.
  const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions, logger: new DefaultLogger('WARN') });
  mkdirSync(path.dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, code);
  return Buffer.byteLength(code);
}

/**
 * Where the worker's workflow code comes from: the prebuilt bundle when WORKFLOW_BUNDLE_PATH names one
 * (the image does; no webpack at start), else the sources, bundled at start.
 */
export function workflowCodeOptions(bundlePath: string | undefined): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (bundlePath !== undefined) return { workflowBundle: { codePath: path.resolve(bundlePath) } };
  return { workflowsPath, bundlerOptions: workflowBundlerOptions };
}
