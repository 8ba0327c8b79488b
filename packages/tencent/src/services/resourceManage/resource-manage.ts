/**
 * Resource upload handler (the Python `ResourceManage` class). Its topics always use the hub device's own ids.
 * @module
 */
import { createHash } from 'node:crypto';
import { pyJsonDumps } from '@iot/core';
import { createReadStream } from 'node:fs';
import { TopicProvider } from '../../utils/topics.js';
import type { FeatureCallback, ServiceContext } from '../context.js';
import { ResourceState } from './resource-types.js';

/**
 * MD5 hex of a file, streamed.
 * @param path - file path
 * @returns lower-case hex digest
 */
export function fileMd5(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('md5');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Resource handler. */
export class ResourceManage {
  /** Topics of the hub device (own ids). */
  readonly topic: TopicProvider;
  /** Handler state. */
  state = ResourceState.IOT_RESOURCES_UNINITED;
  private callback: FeatureCallback | undefined;

  /** @param ctx - hub services @param ownProductId - hub product id @param ownDeviceName - hub device name */
  constructor(
    private readonly ctx: ServiceContext,
    ownProductId: string,
    ownDeviceName: string,
  ) {
    this.topic = new TopicProvider(ownProductId, ownDeviceName);
  }

  /** Passes every message on the down topic to the callback. */
  handle_resource(topic: string, qos: number, payload: unknown, userdata: unknown): void {
    if (topic === this.topic.resource_manager_topic_sub && this.callback) this.callback(topic, qos, payload, userdata);
    else this.ctx.logger.error('no callback for topic %s', topic);
  }

  /** Subscribes the down topic at QoS 1. */
  resource_init(cb: FeatureCallback): [number, number | null] {
    this.callback = cb;
    this.state = ResourceState.IOT_RESOURCES_UNINITED;
    return this.ctx.protocol.subscribe(this.topic.resource_manager_topic_sub, 1);
  }

  /** After the SUBACK. */
  resource_manager_init(): void {
    this.state = ResourceState.IOT_RESOURCES_INITED;
  }

  private publish(message: unknown): [number, number] {
    return this.ctx.protocol.publish(this.topic.resource_manager_topic_pub, pyJsonDumps(message), 1);
  }

  /**
   * `create_upload_task` at QoS 1.
   * @throws TypeError for an empty size/name/MD5 or an uninitialised handler (Python ValueError messages)
   */
  resource_create_upload_task(size: number, name: string, md5sum: string): [number, number] {
    if (!size) throw new TypeError('File transfer content is empty. Invalid param');
    if (!name) throw new TypeError('FileName is empty. Invalid param');
    if (!md5sum) throw new TypeError('File md5 is empty. Invalid param ');
    if (this.state === ResourceState.IOT_RESOURCES_UNINITED) throw new TypeError('resource handle is uninitialized');
    return this.publish({ type: 'create_upload_task', size, name, md5sum });
  }

  /** `report_upload_progress` at QoS 1. */
  resource_report_upload_progress(name: string, percent: number, state: string): [number, number] {
    if (!name) throw new TypeError('FileName is empty. Invalid param');
    if (this.state === ResourceState.IOT_RESOURCES_UNINITED) throw new TypeError('resource handle is uninitialized');
    return this.publish({ type: 'report_upload_progress', name, progress: { state, percent, result_code: 0, result_msg: '' } });
  }
}
