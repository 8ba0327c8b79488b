/**
 * {@link ConnectListener}: connection state notifications.
 * @module
 */

/** Told about every established and every lost connection. */
export abstract class ConnectListener {
  /**
   * A connection ended.
   * @param cause - why
   */
  abstract connection_lost(cause: string): void;
  /**
   * A connection was established (also after each reconnect).
   * @param reconnect - always false, as in the Python SDK
   * @param server_uri - the broker host
   */
  abstract connect_complete(reconnect: boolean, server_uri: string): void;
}
