/**
 * @iot/core: transport core of the @iot device SDKs.
 * @packageDocumentation
 */
export { consoleLogger, redact, redactingLogger, silentLogger, REDACTED, type LogLevel, type Logger } from './log/logger.js';
