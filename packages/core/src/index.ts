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
export { FileOfflineStore, type FileOfflineStoreOptions, type FsyncPolicy } from './session/file-offline-store.js';
export {
  MqttSession,
  type MqttSessionOptions,
  type ConnectInfo,
  type MqttSessionEvents,
  type MqttCredentials,
  type CredentialsProvider,
  type TlsOptions,
  type ReconnectOptions,
  type OfflineBufferOptions,
  type SessionState,
  type PublishOptions,
  type PublishOutcome,
  type SubscriptionGrant,
  type MessageHandler,
  type MessagePacketInfo,
} from './session/mqtt-session.js';
export { MqttConnectError, SessionClosedError, OfflineError, RedeliveryLimitError, isAuthReturnCode } from './session/errors.js';
export type { MqttOperation } from './session/operation.js';
export { EventEmitter, callSafely, type EventArgs, type EventListener } from './events.js';
export { hmac, hash, type HmacAlgorithm, type DigestEncoding } from './signing/digest.js';
export { decodeBase64Key } from './signing/base64-key.js';
export { unixSeconds, unixMillis, formatUtc, type UtcPattern } from './signing/time.js';
export { RequestCorrelator, RequestTimeoutError, PendingLimitError, DuplicateRequestError, CorrelatorDestroyedError, type CorrelatorOptions } from './request/correlator.js';
export { compileValidator, safeJsonParse, type ValidationResult, type CompileValidatorOptions, type SafeJsonParseOptions, type SafeJsonParseResult } from './validation/json-schema.js';
export { HttpStatusError, IntegrityError, IncompleteDownloadError, HttpTimeoutError } from './http/errors.js';
export type { HttpTlsOptions, TransferProgress, RequestOptions, HttpResponse, JsonResponse } from './http/options.js';
export { download, type DownloadOptions, type DownloadResult } from './http/download.js';
export { openDownloadStream, parseContentRange, type StreamOptions, type HttpStream } from './http/download-stream.js';
export { upload, type UploadOptions } from './http/upload.js';
export { httpRequest, postJson, postForm, encodeForm } from './http/request.js';
export { PyFloat, pyFloatRepr, pyNumber, pyQuote, pyJsonDumps, pyJsonLoads, pyDict, type PyJsonDumpsOptions, type PyJsonValue, type PyJsonKey } from './pyjson/index.js';
