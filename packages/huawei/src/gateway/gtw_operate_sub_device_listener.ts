/**
 * {@link GtwOperateSubDeviceListener}.
 * @module
 */
import type { GtwAddSubDeviceRsp } from './requests/gtw_add_sub_device_rsp.js';
import type { GtwDelSubDeviceRsp } from './requests/gtw_del_sub_device_rsp.js';

/** Receives the answers to `gtw_add_sub_device` / `gtw_del_sub_device`. */
export abstract class GtwOperateSubDeviceListener {
  /**
   * Add answer.
   * @param gtw_add_sub_device_rsp - result
   * @param event_id - the request's event id
   */
  abstract on_add_sub_device_rsp(gtw_add_sub_device_rsp: GtwAddSubDeviceRsp, event_id: string): void;
  /**
   * Delete answer.
   * @param gtw_del_sub_device_rsp - result
   * @param event_id - the request's event id
   */
  abstract on_del_sub_device_rsp(gtw_del_sub_device_rsp: GtwDelSubDeviceRsp, event_id: string): void;
}
