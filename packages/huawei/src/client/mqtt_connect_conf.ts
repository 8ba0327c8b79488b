/**
 * {@link MqttConnectConf}: MQTT settings.
 * @module
 */

/** Keep-alive, QoS and timeout (Python `MqttConnectConf`). */
export class MqttConnectConf {
  /** Keep-alive in seconds, 30..1200. */
  keep_alive_time = 120;
  /** QoS of the SDK's publishes, 0 or 1. */
  qos = 1;
  /** Unused by the SDK (validated only). */
  timeout = 1.0;
}
