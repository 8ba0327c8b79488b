/**
 * Resource-manager enum of the Python `ResourceManage` class.
 * @module
 */

/** Resource handler state (`ResourceManage.ResourceState`; only UNINITED/INITED are used). */
export enum ResourceState {
  IOT_RESOURCES_UNINITED = 0,
  IOT_RESOURCES_INITED = 1,
  IOT_RESOURCES_FETCHING = 2,
  IOT_RESOURCES_FETCHED = 3,
  IOT_RESOURCES_DISCONNECTED = 4,
}
