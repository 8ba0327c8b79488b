/**
 * Broadcast handler of one device: subscribes `$broadcast/rxd/{pid}/{dn}` (the Python `Broadcast` class).
 * @module
 */
import { TopicProvider } from '../../utils/topics.js';
import type { FeatureCallback, ServiceContext } from '../context.js';

/** Broadcast handler. */
export class Broadcast {
  /** Topics of the device. */
  readonly topic: TopicProvider;
  private callback: FeatureCallback | undefined;

  /** @param ctx - hub services @param productId - product id @param deviceName - device name */
  constructor(
    private readonly ctx: ServiceContext,
    productId: string,
    deviceName: string,
  ) {
    this.topic = new TopicProvider(productId, deviceName);
  }

  /** Passes a broadcast message to the callback. */
  handle_broadcast(topic: string, qos: number, payload: unknown, userdata: unknown): void {
    if (topic === this.topic.broadcast_topic_sub && this.callback) this.callback(topic, qos, payload, userdata);
    else this.ctx.logger.error('no callback for topic %s', topic);
  }

  /** Subscribes at QoS 0. */
  broadcast_init(cb: FeatureCallback): [number, number | null] {
    this.callback = cb;
    return this.ctx.protocol.subscribe(this.topic.broadcast_topic_sub, 0);
  }
}
