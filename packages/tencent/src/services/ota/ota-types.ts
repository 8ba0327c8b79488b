/**
 * OTA enums of the Python `Ota` class.
 * @module
 */

/** OTA handler state (`Ota.OtaState`). */
export enum OtaState {
  IOT_OTAS_UNINITED = 0,
  IOT_OTAS_INITED = 1,
  IOT_OTAS_FETCHING = 2,
  IOT_OTAS_FETCHED = 3,
  IOT_OTAS_DISCONNECTED = 4,
}

/** Commands of `otaIoctlNumber` / `otaIoctlString` (`Ota.OtaCmdType`). */
export enum OtaCmdType {
  IOT_OTAG_FETCHED_SIZE = 0,
  IOT_OTAG_FILE_SIZE = 1,
  IOT_OTAG_MD5SUM = 2,
  IOT_OTAG_VERSION = 3,
  IOT_OTAG_CHECK_FIRMWARE = 4,
}

/** Progress codes (`Ota.OtaProgressCode`; `CHECK_FALIED` spelled as in Python). */
export enum OtaProgressCode {
  IOT_OTAP_BURN_FAILED = -4,
  IOT_OTAP_CHECK_FALIED = -3,
  IOT_OTAP_FETCH_FAILED = -2,
  IOT_OTAP_GENERAL_FAILED = -1,
  IOT_OTAP_FETCH_PERCENTAGE_MIN = 0,
  IOT_OTAP_FETCH_PERCENTAGE_MAX = 100,
}

/** Report types; the negative ones are the `result_code` strings on the wire (`Ota.OtaReportType`). */
export enum OtaReportType {
  IOT_OTAR_DOWNLOAD_TIMEOUT = -1,
  IOT_OTAR_FILE_NOT_EXIST = -2,
  IOT_OTAR_AUTH_FAIL = -3,
  IOT_OTAR_MD5_NOT_MATCH = -4,
  IOT_OTAR_UPGRADE_FAIL = -5,
  IOT_OTAR_NONE = 0,
  IOT_OTAR_DOWNLOAD_BEGIN = 1,
  IOT_OTAR_DOWNLOADING = 2,
  IOT_OTAR_UPGRADE_BEGIN = 3,
  IOT_OTAR_UPGRADE_SUCCESS = 4,
}
