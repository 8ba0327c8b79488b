/**
 * Nested types of `QcloudHubProvider`: connection states, error codes, log levels and the small
 * model classes (`device_property`, `sReplyPara`). They are also reachable from the instance
 * (`qcloud.HubState.CONNECTED`), as in Python.
 * @module
 */

/** Connection state of the hub (`QcloudHubProvider.HubState`). */
export enum HubState {
  INITIALIZED = 1,
  CONNECTING = 2,
  CONNECTED = 3,
  DISCONNECTING = 4,
  DISCONNECTED = 5,
  DESTRUCTING = 6,
  DESTRUCTED = 7,
}

/** SDK error codes (`QcloudHubProvider.ErrorCode`). */
export enum ErrorCode {
  ERR_NONE = 0,
  ERR_TOPIC_NONE = -1000,
}

/** Log levels of `logInit` (`QcloudHubProvider.LoggerLevel`; `WARNING` is `"warring"` as in Python). */
export enum LoggerLevel {
  INFO = 'info',
  DEBUG = 'debug',
  WARNING = 'warring',
  ERROR = 'error',
}

/** A shadow property for `shadowJsonConstructReport` (`QcloudHubProvider.device_property`). */
export class device_property {
  /** Property name. */
  key = '';
  /** Value: a number for `int`/`float`, text for `string`. */
  data: string | number = '';
  /** Unused (kept for Python compatibility). */
  data_buff_len = 0;
  /** `"int"`, `"float"` or `"string"`. */
  type = '';
}

/** Reply parameters (`QcloudHubProvider.sReplyPara`); unused by the hub, kept for compatibility. */
export class sReplyPara {
  /** Timeout in ms. */
  timeout_ms = 0;
  /** Reply code. */
  code = -1;
  /** Status message. */
  status_msg: string | null = null;
}

/** Something with a Python-enum-like `value` (what the Python SDK compares). */
export interface EnumLike<T> {
  /** The enum value. */
  value: T;
}

/**
 * Reads an enum argument given either as a plain value or as `{ value }` (a ported Python enum member).
 * @param v - the argument
 * @returns the plain value
 */
export function enumValue<T>(v: T | EnumLike<T>): T {
  if (v !== null && typeof v === 'object' && 'value' in (v as object)) return (v as EnumLike<T>).value;
  return v as T;
}
