// A free TCP port on 127.0.0.1 for a server a test, benchmark or isolated stack starts.
import net from 'node:net';

/**
 * Ports this process has handed out. The kernel may give a closed port out again at once, and a caller that
 * asks for several ports before starting its servers would then start two on one port (a fault run once put
 * Temporal and an API node on the same one): a port is handed out once per process.
 */
const handedOut = new Set<number>();

function listenOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = await listenOnce();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port that this process has not handed out already');
}
