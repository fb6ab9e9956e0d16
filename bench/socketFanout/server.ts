// The socket fan-out benchmark's API process (forked by run.ts): an HTTP server with attachRealtime and a
// real ApiContext, relaying the trip events run.ts appends; answers run.ts's measurement requests over IPC.
import { createServer } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance as perfHooks } from 'node:perf_hooks';
import { createApiContext } from '../../api/context.js';
import { attachRealtime } from '../../api/realtime/server.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { metricsRegistry } from '../../infra/metrics.js';
import { TCP_FRAME_BYTES, now, sleep, type FromServer, type ToServer } from './protocol.js';

async function runServerProcess(): Promise<void> {
  const send = (message: FromServer) => process.send?.(message);
  const config = loadConfig(process.env);
  const ctx = await createApiContext(config, createLogger('bench-api', 'warn'), process.env);
  const server = createServer((_req, res) => res.writeHead(404).end());
  const realtime = await attachRealtime(server, ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gc = globalThis.gc ?? (() => undefined);
  let cpuMark = process.cpuUsage();
  let eluMark = perfHooks.eventLoopUtilization();
  let markedAt = performance.now();
  const relayed = async () => {
    const metric = metricsRegistry.getSingleMetric('tripsage_realtime_relay_seconds');
    const values = metric ? (await metric.get()).values : [];
    const named = (suffix: string) => values.find((value) => 'metricName' in value && String(value.metricName).endsWith(suffix))?.value ?? 0;
    const [sum, count] = [named('_sum'), named('_count')];
    return { sum, count };
  };
  let relayMark = await relayed();
  const rawSockets: net.Socket[] = [];
  const frame = Buffer.alloc(TCP_FRAME_BYTES, 0x20);
  process.on('message', (message: ToServer) => {
    void (async () => {
      if (message.cmd === 'mark') {
        relayMark = await relayed();
        cpuMark = process.cpuUsage();
        eluMark = perfHooks.eventLoopUtilization();
        markedAt = performance.now();
        send({ kind: 'marked' });
      } else if (message.cmd === 'usage') {
        const cpu = process.cpuUsage(cpuMark);
        const seconds = (performance.now() - markedAt) / 1000;
        const elu = perfHooks.eventLoopUtilization(eluMark).utilization;
        const relay = await relayed();
        const count = relay.count - relayMark.count;
        send({ kind: 'usage', cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100, eventLoopUtilization: elu, relayMsMean: count ? ((relay.sum - relayMark.sum) / count) * 1000 : 0, relayed: count });
      } else if (message.cmd === 'memory') {
        gc();
        await sleep(100);
        gc();
        const usage = process.memoryUsage();
        send({ kind: 'memory', heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external + usage.arrayBuffers });
      } else if (message.cmd === 'roomSize') {
        send({ kind: 'roomSize', size: (await realtime.io.in(`trip:${message.tripId}`).fetchSockets()).length });
      } else if (message.cmd === 'tcpListen') {
        const tcp = net.createServer({ noDelay: true }, (socket) => {
          rawSockets.push(socket);
          socket.on('error', () => undefined);
        });
        tcp.listen(0, '127.0.0.1', () => send({ kind: 'tcpListening', port: (tcp.address() as AddressInfo).port }));
      } else {
        // Connections the clients opened may still be in the accept queue: wait for them (at most 10 s).
        for (let waited = 0; rawSockets.length < message.expected && waited < 10_000; waited += 20) await sleep(20);
        const started = performance.now();
        frame.writeDoubleBE(now(), 0); // stamped by the writer itself: the floor has no DB, Redis or IPC hop
        for (const socket of rawSockets) socket.write(frame);
        send({ kind: 'tcpWritten', sockets: rawSockets.length, writeMs: performance.now() - started });
      }
    })();
  });
  const stop = () => void realtime.close().finally(() => ctx.close().finally(() => process.exit(0)));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  send({ kind: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

if (!process.send) throw new Error('bench/socketFanout/server.ts is forked by `npm run bench -- sockets`, not run on its own');
await runServerProcess();
