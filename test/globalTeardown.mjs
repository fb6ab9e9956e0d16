// See globalSetup.mjs for why this indirection exists.
import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const teardown = await tsImport('./support/globalTeardown.ts', import.meta.url);
  await teardown.default();
}
