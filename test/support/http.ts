// Servers on an ephemeral loopback port for the duration of a test file: Express apps (`listen`) and the
// local fakes of external services (`serveOnLoopback`).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface LoopbackServer {
  url: string;
  port: number;
  /** Ends open connections too, so keep-alive clients cannot hold the test file open. */
  close(): Promise<void>;
}

export async function serveOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface RunningApp extends LoopbackServer {
  server: Server;
}

export async function listen(app: Express): Promise<RunningApp> {
  const server = createServer(app);
  return { ...(await serveOnLoopback(server)), server };
}
