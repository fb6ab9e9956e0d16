// `npm run build:workflows [-- <output file>]`: the prebuilt workflow bundle the worker loads when
// WORKFLOW_BUNDLE_PATH names it (default output: dist/workflow-bundle.js). Rebuild it whenever workflows/
// or anything they import changes: the worker runs the bundle as it is.
import path from 'node:path';
import { buildWorkflowBundle } from '../worker/bundler.js';
import { projectRoot } from './provision.js';

const outputPath = path.resolve(process.argv[2] ?? path.join(projectRoot, 'dist', 'workflow-bundle.js'));
const started = performance.now();
const bytes = await buildWorkflowBundle(outputPath);
console.log(`workflow bundle: ${outputPath} (${(bytes / 1024).toFixed(0)} KB) in ${((performance.now() - started) / 1000).toFixed(1)}s`);
