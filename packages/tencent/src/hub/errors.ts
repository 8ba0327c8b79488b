/**
 * Error classes named after the Python exceptions the hub SDK raises.
 * Python `ValueError` becomes `TypeError` (bad kind of value) or `RangeError` (out-of-range number/length)
 * with the Python message.
 * @module
 */

/** Raised when an operation needs the CONNECTED state (`QcloudHubProvider.StateError`). */
export class StateError extends Error {
  /** @param message - `"current state is not CONNECTED"` in every public method */
  constructor(message = 'current state is not CONNECTED') {
    super(message);
    this.name = 'StateError';
  }
}

/** Python `KeyError`: a required key is missing from the device file or a message. */
export class KeyError extends Error {
  /** @param key - the missing key */
  constructor(readonly key: string) {
    super(`'${key}'`);
    this.name = 'KeyError';
  }
}

/** Python `IndexError`: `subDev.subdev_num` is larger than the `subdev_list`. */
export class IndexError extends Error {
  /** @param message - Python's message */
  constructor(message = 'list index out of range') {
    super(message);
    this.name = 'IndexError';
  }
}

/** Python `AttributeError`: a gateway method before `gatewayInit`, `httpFetch` before `httpInit`. */
export class AttributeError extends Error {
  /** @param message - what is missing */
  constructor(message: string) {
    super(message);
    this.name = 'AttributeError';
  }
}

/** Python `urllib.error.HTTPError`: an HTTP request answered with a non-2xx status. */
export class HTTPError extends Error {
  /**
   * @param code - HTTP status
   * @param reason - reason phrase or response body
   * @param url - requested URL
   */
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly url: string,
  ) {
    super(`HTTP Error ${code}: ${reason}`);
    this.name = 'HTTPError';
  }
}
