/**
 * {@link SimpleGateway}: forwards platform requests to TCP children (Python `iot_gateway_demo/simple_gateway.py`).
 * @module
 */
import type { Socket } from 'node:net';
import { AbstractGateway, CommandRsp, DeviceEvent, SUCCESS, type Command, type DeviceEvents, type DeviceMessage, type PropSet, type PropsGet } from '@iot/huawei';
import { logger } from '../sample_env.js';

/** One connected child. */
export interface Session {
  node_id: string;
  device_id: string;
  stream: Socket;
}

/** The gateway of the TCP demo. */
export class SimpleGateway extends AbstractGateway {
  private readonly sessions = new Map<string, Session>();

  /**
   * Opens a session for a child known to the persistence.
   * @param node_id - node id
   * @param stream - its socket
   * @returns the session, or null for an unknown child
   */
  create_session(node_id: string, stream: Socket): Session | null {
    const info = this.get_sub_device_by_node_id(node_id);
    if (!info) return null;
    const session = { node_id, device_id: info.device_id ?? '', stream };
    this.sessions.set(node_id, session);
    return session;
  }

  /**
   * The session of a child device.
   * @param device_id - child device id
   * @returns the session or undefined
   */
  session_by_device_id(device_id: string): Session | undefined {
    return [...this.sessions.values()].find((s) => s.device_id === device_id);
  }

  /**
   * Forgets a session.
   * @param node_id - node id
   */
  remove_session(node_id: string): void {
    this.sessions.delete(node_id);
  }

  override on_sub_dev_message(message: DeviceMessage): void {
    this.session_by_device_id(message.device_id ?? '')?.stream.write(message.content ?? '');
  }

  override on_sub_dev_command(request_id: string, command: Command): void {
    const session = this.session_by_device_id(command.device_id);
    if (!session) {
      logger.warning(`session is null, device_id: ${command.device_id}`);
      return;
    }
    session.stream.write(JSON.stringify(command.paras));
    this.get_client().respond_command(request_id, new CommandRsp({ result_code: 0, paras: { result: command.device_id } }));
  }

  override on_sub_dev_properties_set(request_id: string, props_set: PropSet): void {
    this.session_by_device_id(props_set.device_id)?.stream.write(JSON.stringify(props_set.services.map((s) => s.to_dict())));
    this.get_client().respond_properties_set(request_id, SUCCESS);
  }

  override on_sub_dev_properties_get(_request_id: string, _props_get: PropsGet): void {
    logger.info('not support');
  }

  override on_sub_dev_event(device_events: DeviceEvents): void {
    const session = this.session_by_device_id(device_events.device_id);
    if (!session) return;
    session.stream.write(JSON.stringify(device_events.to_dict()));
    for (const ev of device_events.services) {
      if (ev.service_id !== '$ota') continue;
      if (ev.event_type === 'version_query') {
        this.get_client().report_sub_event(device_events.device_id, new DeviceEvent({ service_id: '$ota', event_type: 'version_report', paras: { fw_version: 'v1.0', sw_version: 'v1.0' } }));
      } else if (['firmware_upgrade', 'software_upgrade', 'firmware_upgrade_v2', 'software_upgrade_v2'].includes(ev.event_type)) {
        this.get_client().report_sub_event(device_events.device_id, new DeviceEvent({ service_id: '$ota', event_type: 'upgrade_progress_report', paras: { result_code: 0, version: ev.paras['version'] } }));
      }
    }
  }
}
