/**
 * {@link TimeSyncListener}.
 * @module
 */

/** Receives the time sync answer. Accurate device time = (server_recv + server_send + device_recv - device_send) / 2. */
export abstract class TimeSyncListener {
  /**
   * The platform answered `request_time_sync`.
   * @param device_send_time - epoch ms sent by the device
   * @param server_recv_time - epoch ms the server received it
   * @param server_send_time - epoch ms the server answered
   */
  abstract on_time_sync_response(device_send_time: number, server_recv_time: number, server_send_time: number): void;
}
