/**
 * {@link RawMessage}: one MQTT message (topic, payload, QoS).
 * @module
 */

/** An MQTT message as the SDK publishes and receives it. Inbound messages carry a Buffer payload. */
export class RawMessage {
  /** Topic. */
  topic: string;
  /** Payload: text (sent as UTF-8), bytes, or null (sent as zero bytes). */
  payload: string | Buffer | null;
  /** QoS, 1 by default. */
  qos: number;

  /**
   * @param topic - topic
   * @param payload - payload
   * @param qos - QoS, 1 by default
   */
  constructor(topic: string, payload: string | Buffer | null, qos = 1) {
    this.topic = topic;
    this.payload = payload;
    this.qos = qos;
  }
}
