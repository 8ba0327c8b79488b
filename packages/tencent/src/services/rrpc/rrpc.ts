/**
 * RRPC handler of one device: subscribes `$rrpc/rxd/{pid}/{dn}/+`, remembers the latest process id and
 * replies on `$rrpc/txd/{pid}/{dn}/{processId}` (the Python `Rrpc` class).
 * @module
 */
import { TopicProvider } from '../../utils/topics.js';
import { pyJsonDumps } from '@iot/core';
import { assertParam, type FeatureCallback, type ServiceContext } from '../context.js';

/** RRPC handler. */
export class Rrpc {
  /** Topics of the device. */
  readonly topic: TopicProvider;
  private processId: string | null = null;
  private callback: FeatureCallback | undefined;

  /** @param ctx - hub services @param productId - product id @param deviceName - device name */
  constructor(
    private readonly ctx: ServiceContext,
    productId: string,
    deviceName: string,
  ) {
    this.topic = new TopicProvider(productId, deviceName);
  }

  /** Most recent request's process id. */
  get process_id(): string | null {
    return this.processId;
  }

  /** Stores the process id and calls the callback with the topic stripped of it. */
  handle_rrpc(topic: string, qos: number, payload: unknown, userdata: unknown): void {
    const pos = topic.lastIndexOf('/');
    if (pos > 0) this.processId = topic.slice(pos + 1);
    else this.ctx.logger.error('cannot found process id from topic:%s', topic);
    const prefix = topic.slice(0, pos);
    if (prefix === this.topic.rrpc_topic_sub_prefix && this.callback) this.callback(prefix, qos, payload, userdata);
    else this.ctx.logger.error('no callback for topic_split %s', prefix);
  }

  /** Subscribes the request filter at QoS 0. */
  rrpc_init(cb: FeatureCallback): [number, number | null] {
    this.callback = cb;
    return this.ctx.protocol.subscribe(`${this.topic.rrpc_topic_sub_prefix}/+`, 0);
  }

  /**
   * Replies to the latest request.
   * @throws TypeError `Invalid param.` when no request arrived yet or the reply is empty
   */
  rrpc_reply(reply: unknown): [number, number] {
    assertParam(this.processId);
    assertParam(reply);
    return this.ctx.protocol.publish(`${this.topic.rrpc_topic_pub_prefix}/${this.processId!}`, pyJsonDumps(reply), 0);
  }
}
