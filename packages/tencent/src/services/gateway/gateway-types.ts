/**
 * Gateway model types of the Python `Gateway` class.
 * @module
 */

/** Local sub-device session status (`Gateway.SessionState`, "SEESION" spelled as in Python). */
export enum SessionState {
  SUBDEV_SEESION_STATUS_INIT = 0,
  SUBDEV_SEESION_STATUS_ONLINE = 1,
  SUBDEV_SEESION_STATUS_OFFLINE = 2,
}

/** A sub-device entry of the config list or the bind list (`Gateway.gateway_subdev`). */
export class gateway_subdev {
  /** Sub-device product id. */
  product_id: string | null = null;
  /** Sub-device name. */
  device_name: string | null = null;
  /** Local session status. */
  session_status: SessionState = SessionState.SUBDEV_SEESION_STATUS_INIT;
}
