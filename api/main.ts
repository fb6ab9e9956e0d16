// API entrypoint: checks the configuration, then serves (api/server.ts). The server's module graph
// (Prisma, Temporal, Socket.IO, LangChain, the MCP SDK) loads only once the configuration is valid, so a
// bad variable exits at once with a message (status 78) instead of after seconds of module loading.
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';

loadDotEnv();
const config = loadConfigOrExit();
const { serveApi } = await import('./server.js');
await serveApi(config);
