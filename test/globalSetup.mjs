// Jest loads global setup through CommonJS require, which cannot follow the project's ESM TypeScript
// imports; tsx's ESM API loads the real setup module instead.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const setup = await tsImport('./support/globalSetup.ts', import.meta.url);
  await setup.default();
}
