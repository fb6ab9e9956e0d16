import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.VITE_API_PROXY ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // The forms share the API's zod contracts (contracts/); their `.openapi()` metadata is server-only (see the shim).
  resolve: { alias: { '@asteasolutions/zod-to-openapi': fileURLToPath(new URL('./src/lib/zodOpenApiShim.ts', import.meta.url)) } },
  // Screens load on demand (React.lazy in App.tsx); the first chunk is the shell, sign-in and trips list.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { '/api': apiTarget, '/socket.io': { target: apiTarget, ws: true } },
  },
});
