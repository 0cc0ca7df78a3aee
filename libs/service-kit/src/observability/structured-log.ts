import { LoggerService } from '@nestjs/common';

export type LogLevel = 'info' | 'warn' | 'error';

/** What the messaging libraries log through: a message and the fields that say which row, partition or error. */
export type StructuredLog = (level: LogLevel, message: string, details?: Record<string, unknown>) => void;

/**
 * The fields go in the log object, where nestjs-pino merges them into the JSON line. Passed as a
 * second argument, pino would take them for printf arguments of the message and drop them.
 */
export function structuredLog(logger: Pick<LoggerService, 'log' | 'warn' | 'error'>): StructuredLog {
  return (level, message, details = {}) => logger[level === 'info' ? 'log' : level]({ msg: message, ...details });
}
