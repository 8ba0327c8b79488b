/**
 * {@link ConnectActionListener}: result of a connection attempt.
 * @module
 */

/** Receives the outcome of connection attempts. */
export abstract class ConnectActionListener {
  /**
   * An attempt succeeded.
   * @param token - 0
   */
  abstract on_success(token: number): void;
  /**
   * An attempt failed with an error (network, TLS, configuration).
   * @param token - -1
   * @param err - the error
   */
  abstract on_failure(token: number, err: Error | null): void;
}
