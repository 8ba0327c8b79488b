# OTA cross-check scenario through the vendor Python SDK (resume at 10000 bytes). Argument: the directory holding the hub package.
import sys, time
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else '.')
from hub.hub import QcloudHub
from enum import Enum
class C(Enum):
    IOT_OTAG_FETCHED_SIZE = 0
    IOT_OTAG_FILE_SIZE = 1
    IOT_OTAG_MD5SUM = 2
    IOT_OTAG_VERSION = 3
    IOT_OTAG_CHECK_FIRMWARE = 4
q = QcloudHub(device_file='./crosscheck/device_info.json', tls=False, domain='127.0.0.1').hub
q.connect()
while not q.isMqttConnected(): time.sleep(0.05)
P, D = 'ABCDEFGHIJ', 'dev1'
print('init', q.otaInit(P, D, lambda t, qq, p, ud: None))
print('ver', q.otaReportVersion(P, D, '0.1.0'))
while not q.otaIsFetching(P, D): time.sleep(0.05)
print('size', q.otaIoctlNumber(P, D, C.IOT_OTAG_FILE_SIZE), q.otaIoctlString(P, D, C.IOT_OTAG_VERSION, 32))
# resume-like start at 10000 after re-hashing the first part
data = open('./crosscheck/fw.bin', 'rb').read()
q.otaResetMd5(P, D); q.otaMd5Update(P, D, data[:10000])
print('start', q.otaDownloadStart(P, D, 10000, len(data)))
n = 0
while not q.otaIsFetchFinished(P, D):
    buf, l = q.otaFetchYield(P, D, 5000)
    n += 1
print('chunks', n, q.otaIoctlNumber(P, D, C.IOT_OTAG_FETCHED_SIZE), q.otaIoctlNumber(P, D, C.IOT_OTAG_CHECK_FIRMWARE))
print('done', q.otaReportUpgradeSuccess(P, D, None))
time.sleep(0.3)
q.disconnect()
