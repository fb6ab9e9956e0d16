// Structured JSON logs (pino). One root logger per process; children carry the component name.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { component, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.apiKey'], censor: '[redacted]' },
  });
}

type TemporalLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
type LogMeta = Record<string, unknown> | undefined;

/** Adapts pino to the Temporal SDK's Logger interface so worker/core logs are JSON like ours. */
export function toTemporalLogger(logger: Logger) {
  const log = (level: TemporalLogLevel, message: string, meta?: LogMeta) =>
    logger[level.toLowerCase() as Lowercase<TemporalLogLevel>]({ ...meta }, message);
  return {
    log,
    trace: (message: string, meta?: LogMeta) => log('TRACE', message, meta),
    debug: (message: string, meta?: LogMeta) => log('DEBUG', message, meta),
    info: (message: string, meta?: LogMeta) => log('INFO', message, meta),
    warn: (message: string, meta?: LogMeta) => log('WARN', message, meta),
    error: (message: string, meta?: LogMeta) => log('ERROR', message, meta),
  };
}
