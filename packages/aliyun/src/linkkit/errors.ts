/**
 * The exceptions a port of linkkit.py code can meet.
 * @module
 */

/**
 * `LinkKit.StateError`: the call is not allowed in the current state, or is not supported any more
 * (`"not in INITIALIZED state"`, `"not supported any more"`, ...). Same messages as linkkit.py 1.2.13.
 */
export class StateError extends Error {
  /**
   * @param err - the message (Python passes it as the only argument)
   */
  constructor(err: string) {
    super(err);
    this.name = 'StateError';
  }
}

/**
 * Python's `ValueError` as raised by linkkit.py (`"host_name wrong"`, `"port wrong"`, the topic-length message...).
 * It is a `RangeError`, so code that follows the @iot convention (`ValueError` → `RangeError`) catches it too.
 */
export class ValueError extends RangeError {
  /**
   * @param message - the Python message, verbatim
   */
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}
