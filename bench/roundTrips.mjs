// Preloaded into the worker by `ANATOMY_ROUND_TRIPS=1 npm run bench -- anatomy` (bench/turnAnatomy.ts):
// records every PostgreSQL query and Redis command the process sends (when it left, when its answer came
// back, its first words) and writes them as JSON to ROUND_TRIP_LOG when the process exits. Times are on the
// wall clock in milliseconds with fractions (performance.timeOrigin + performance.now()), so the bench can
// cut one turn's window out of them. Plain JavaScript: Node runs a preload in the worker's threads too,
// before any TypeScript loader; only the main thread talks to the databases.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const logPath = process.env.ROUND_TRIP_LOG;

if (isMainThread && logPath) {
  const { default: pg } = await import('pg');
  const { Redis } = await import('ioredis');
  /** @type {{ sentAt: number; answeredAt: number; kind: 'postgres' | 'redis'; text: string; failed: boolean }[]} */
  const trips = [];
  const wallClock = () => performance.timeOrigin + performance.now();
  const record = (kind, text, sentAt, failed) => trips.push({ sentAt, answeredAt: wallClock(), kind, text: text.replace(/\s+/g, ' ').trim().slice(0, 90), failed });

  // pg's query() is overloaded (text or config, values or callback, or a callback on the config): every form
  // passes through unchanged, with a note taken when the answer arrives.
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const sentAt = wallClock();
    const noting = (original) => (error, result) => {
      record('postgres', text, sentAt, Boolean(error));
      return original(error, result);
    };
    if (typeof values === 'function') return query.call(this, config, noting(values));
    if (typeof callback === 'function') return query.call(this, config, values, noting(callback));
    // A plain config with its own callback goes in as a copy (the caller may reuse it); a submittable
    // (its `submit`) must stay itself.
    if (typeof config?.callback === 'function' && typeof config.submit !== 'function') return query.call(this, { ...config, callback: noting(config.callback) }, values);
    const result = query.call(this, config, values, callback);
    // Noting the answer marks the promise handled: under the tracer, a query nobody awaits that fails raises
    // no unhandledRejection (nothing here sends one).
    if (result instanceof Promise) result.then(() => record('postgres', text, sentAt, false), () => record('postgres', text, sentAt, true));
    return result;
  };

  // A pipeline or MULTI sends its commands in one write: noted once, by its first command.
  const pipelinesSeen = new WeakSet();
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (command, stream) {
    const sentAt = wallClock();
    const result = sendCommand.call(this, command, stream);
    const pipeline = stream?.isPipeline ? stream : null;
    if (pipeline && pipelinesSeen.has(pipeline)) return result;
    if (pipeline) pipelinesSeen.add(pipeline);
    const text = `${pipeline ? 'pipeline from ' : ''}${command.name} …${String(command.args[0] ?? '').slice(-24)}`;
    command.promise.then(() => record('redis', text, sentAt, false), () => record('redis', text, sentAt, true));
    return result;
  };

  process.on('exit', () => writeFileSync(logPath, JSON.stringify(trips)));
}
