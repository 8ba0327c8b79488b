/**
 * @iot/core: transport core of the @iot device SDKs.
 * @packageDocumentation
 */
export { consoleLogger, redact, redactingLogger, silentLogger, REDACTED, type LogLevel, type Logger } from './log/logger.js';
export { topicMatches, isValidTopicFilter, isValidTopicName } from './session/topic-filter.js';
export { ExponentialBackoff, type BackoffStrategy, type BackoffContext, type DisconnectCause, type ExponentialBackoffOptions } from './session/backoff.js';
export {
  MemoryOfflineStore,
  OfflineBuffer,
  BufferOverflowError,
  messageBytes,
  type BufferedMessage,
  type OfflineStore,
  type OfflineBufferLimits,
  type BufferDropReason,
} from './session/offline-buffer.js';
