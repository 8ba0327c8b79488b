/**
 * An error that maps to an HTTP status. Throw it from a route handler (or let
 * {@link HttpRequest.json} throw it) and the emulator answers with that status
 * and a JSON body `{ error: message }` instead of 500.
 */
export class HttpError extends Error {
  /** HTTP status code sent to the caller. */
  readonly status: number;

  /**
   * @param status - HTTP status code, e.g. 400
   * @param message - human-readable reason, sent in the body
   */
  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}
