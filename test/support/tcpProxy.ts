// A TCP proxy in front of a real service (PostgreSQL, the Temporal frontend, Redis), for outage tests:
// `cut()` drops every open connection and refuses new ones, as a stopped server does; `restore()` listens
// again on the same port, as a server that came back. The code under test talks to the proxy's address.
import net from 'node:net';

export interface TcpProxy {
  host: string;
  port: number;
  /** `host:port` of the proxy. */
  address: string;
  /** Drops open connections and stops listening (connections are refused) until `restore()`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const host = '127.0.0.1';
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, host, () => {
        const address = next.address();
        if (typeof address === 'object' && address) port = address.port;
        server = next;
        resolve();
      });
    });

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      if (!current) return resolve();
      current.close(() => resolve());
      // Reset rather than end: peers see the connection die as when the server process goes away.
      for (const socket of sockets) socket.resetAndDestroy();
    });

  await listen();
  return {
    host,
    port,
    address: `${host}:${port}`,
    cut: stopListening,
    async restore() {
      if (!server) await listen();
    },
    close: stopListening,
  };
}

/** host and port of a `postgresql://` or `redis://` URL, or of a `host:port` address. */
export function hostAndPort(urlOrAddress: string, defaultPort: number): { host: string; port: number } {
  const url = new URL(urlOrAddress.includes('://') ? urlOrAddress : `tcp://${urlOrAddress}`);
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const next = new URL(url);
  next.hostname = proxy.host;
  next.port = String(proxy.port);
  return next.toString();
}
