// Workflow bundling options shared by the worker, replay tests and benchmarks.
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

export const workflowBundlerOptions = {
  // Source files import siblings as `./x.js` (NodeNext); let webpack find the `.ts` file behind it.
  webpackConfigHook: (config: WebpackConfig): WebpackConfig => ({
    ...config,
    resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
  }),
} satisfies Pick<BundleOptions, 'webpackConfigHook'>;
