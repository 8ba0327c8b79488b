/**
 * Every topic string of the Tencent IoT Hub device protocol for one (productId, deviceName) pair
 * (the Python SDK's `TopicProvider`).
 * @module
 */

/** The topic catalogue of one device. */
export class TopicProvider {
  /** `$sys/operation/{pid}/{dn}`: NTP time request. */
  readonly sys_topic_pub: string;
  /** `$sys/operation/result/{pid}/{dn}`: NTP time reply. */
  readonly sys_topic_sub: string;
  /** `$shadow/operation/{pid}/{dn}`: shadow get/update. */
  readonly shadow_topic_pub: string;
  /** `$shadow/operation/result/{pid}/{dn}`: shadow replies and deltas. */
  readonly shadow_topic_sub: string;
  /** `$gateway/operation/{pid}/{dn}`: gateway session requests. */
  readonly gateway_topic_pub: string;
  /** `$gateway/operation/result/{pid}/{dn}`: gateway replies. */
  readonly gateway_topic_sub: string;
  /** `$ota/report/{pid}/{dn}`: OTA version and progress reports. */
  readonly ota_report_topic_pub: string;
  /** `$ota/update/{pid}/{dn}`: OTA notifications. */
  readonly ota_update_topic_sub: string;
  /** `$rrpc/rxd/{pid}/{dn}`: RRPC request prefix (subscribed with `/+`). */
  readonly rrpc_topic_sub_prefix: string;
  /** `$rrpc/txd/{pid}/{dn}`: RRPC reply prefix (`/{processId}` appended). */
  readonly rrpc_topic_pub_prefix: string;
  /** `$broadcast/rxd/{pid}/{dn}`: broadcast messages. */
  readonly broadcast_topic_sub: string;
  /** `$resource/up/service/{pid}/{dn}`: resource upload requests. */
  readonly resource_manager_topic_pub: string;
  /** `$resource/down/service/{pid}/{dn}`: resource upload replies. */
  readonly resource_manager_topic_sub: string;
  /** `$log/operation/{pid}/{dn}` (defined by the vendor, unused). */
  readonly log_topic_pub: string;
  /** `$log/operation/result/{pid}/{dn}` (defined by the vendor, unused). */
  readonly log_topic_sub: string;
  /** `$template/operation/{pid}/{dn}` (defined by the vendor, unused). */
  readonly template_topic_pub: string;
  /** `$template/operation/result/{pid}/{dn}`: routed to a `registerUserCallback` callback. */
  readonly template_topic_sub: string;
  /** `$thing/down/raw/{pid}/{dn}`: reserved, dropped. */
  readonly template_raw_topic_sub: string;
  /** `{pid}/{dn}/control`: default custom topic (subscribe). */
  readonly control_topic: string;
  /** `{pid}/{dn}/data`: default custom topic (subscribe and publish). */
  readonly data_topic: string;
  /** `{pid}/{dn}/event`: default custom topic (publish). */
  readonly event_topic: string;

  /**
   * @param productId - product id
   * @param deviceName - device name
   */
  constructor(
    readonly productId: string,
    readonly deviceName: string,
  ) {
    const id = `${productId}/${deviceName}`;
    this.sys_topic_pub = `$sys/operation/${id}`;
    this.sys_topic_sub = `$sys/operation/result/${id}`;
    this.shadow_topic_pub = `$shadow/operation/${id}`;
    this.shadow_topic_sub = `$shadow/operation/result/${id}`;
    this.gateway_topic_pub = `$gateway/operation/${id}`;
    this.gateway_topic_sub = `$gateway/operation/result/${id}`;
    this.ota_report_topic_pub = `$ota/report/${id}`;
    this.ota_update_topic_sub = `$ota/update/${id}`;
    this.rrpc_topic_sub_prefix = `$rrpc/rxd/${id}`;
    this.rrpc_topic_pub_prefix = `$rrpc/txd/${id}`;
    this.broadcast_topic_sub = `$broadcast/rxd/${id}`;
    this.resource_manager_topic_pub = `$resource/up/service/${id}`;
    this.resource_manager_topic_sub = `$resource/down/service/${id}`;
    this.log_topic_pub = `$log/operation/${id}`;
    this.log_topic_sub = `$log/operation/result/${id}`;
    this.template_topic_pub = `$template/operation/${id}`;
    this.template_topic_sub = `$template/operation/result/${id}`;
    this.template_raw_topic_sub = `$thing/down/raw/${id}`;
    this.control_topic = `${id}/control`;
    this.data_topic = `${id}/data`;
    this.event_topic = `${id}/event`;
  }
}
