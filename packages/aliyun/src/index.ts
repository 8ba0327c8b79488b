/**
 * @iot/aliyun: the Aliyun IoT Link Kit device SDK (linkkit.py 1.2.13 API) for Node.js.
 *
 * `from linkkit import linkkit` becomes `import { linkkit } from '@iot/aliyun'`, then `new linkkit.LinkKit(...)`.
 * @packageDocumentation
 */
export * as linkkit from './linkkit/index.js';
export * from './linkkit/index.js';
