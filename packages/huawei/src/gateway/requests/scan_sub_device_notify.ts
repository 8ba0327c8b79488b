/**
 * {@link ScanSubDeviceNotify}.
 * @module
 */

/** Scan request (unused by the SDK). */
export class ScanSubDeviceNotify {
  /** Protocol. */
  protocol = '';
  /** Channel. */
  channel = '';
  /** Parent. */
  parent = '';
  /** Settings. */
  settings: unknown = null;
}
