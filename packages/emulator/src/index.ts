/**
 * @iot/emulator: a local IoT cloud for the @iot device SDKs.
 * @packageDocumentation
 */
export * from './brokers/index.js';
export { startEmulator, UnknownVendorError, type Emulator, type EmulatorOptions, type EmulatorLogger } from './emulator.js';
export { UplinkTimeoutError } from './platform.js';
export { EmulatorClosedError, type DownlinkPacerOptions } from './mqtt/downlink-pacer.js';
export type { AttachOptions } from './mqtt/attach.js';
export { generateSelfSignedCert, TlsUnavailableError, type TlsKeyPair } from './mqtt/self-signed.js';
export type { DownloadFault } from './http/faults.js';
export type {
  ConnectInfo,
  AuthResult,
  ClientInfo,
  VendorPlugin,
  HttpRoute,
  HttpRequest,
  HttpResponse,
  EmulatorContext,
  EmulatorLog,
  PublishOptions,
  Uplink,
} from './plugin.js';
export { HttpError } from './http/http-error.js';
export { DeviceRegistry, RegistryError, type DeviceRecord, type DeviceRegistryOptions } from './registry.js';
export {
  MessageTrace,
  TraceTimeoutError,
  encodeTracePayload,
  decodeTracePayload,
  traceEntryMatches,
  type TraceEntry,
  type TraceInput,
  type TraceFilter,
  type TraceKind,
  type MessageTraceOptions,
  type MessageTraceEvents,
} from './trace.js';
export { FileStore, FileNameError, checkFileName, type FileInfo, type StoredFile, type FileStoreOptions } from './files.js';
export { topicMatches } from './topic.js';
export { vendorPlugins } from './vendors/index.js';
export { testPlugin } from './vendors/test/index.js';
export { main as cliMain, parseCliArgs, formatTraceLine, CliUsageError, CLI_USAGE, type CliIo, type CliRun } from './cli-main.js';
