/**
 * The door of the scenario (vendor sample `scenarized/example_door.py`): publishes the *string*
 * `{"action": "come_home", "targetDevice": "AirConditioner1"}` on its `event` topic at QoS 1 (so the wire carries a
 * quoted, escaped JSON string, as with the vendor SDK), waits for the PUBACK, then disconnects.
 * @module
 */
import type { QcloudHubProvider } from '@iot/tencent';
import { sleep } from '../common/sample-env.js';

/**
 * @param qcloud - the door's client (connected)
 * @param action - `come_home` or `leave_home`
 * @param acked - returns true once on_publish saw the mid
 * @returns the publish mid, or -1
 */
export async function doorEvent(qcloud: QcloudHubProvider, action: string, acked: (mid: number) => boolean): Promise<number> {
  const message = `{"action": "${action}", "targetDevice": "AirConditioner1"}`;
  const [rc, mid] = qcloud.publish(`${qcloud.getProductID()}/${qcloud.getDeviceName()}/event`, message, 1);
  if (rc !== 0) return -1;
  for (let i = 0; i < 30 && !acked(mid); i++) await sleep(0.1);
  return acked(mid) ? mid : -1;
}
