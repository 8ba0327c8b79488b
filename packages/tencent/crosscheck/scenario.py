# The cross-check scenario through the vendor Python SDK (mirror of scenario.mjs). Argument: the directory holding the hub package.
import sys, time
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else '.')
from hub.hub import QcloudHub
events = []
def log(*a): events.append(a)
qcloud = QcloudHub(device_file='./crosscheck/device_info.json', userdata=None, tls=False, domain='127.0.0.1').hub
qcloud.registerMqttCallback(lambda f, rc, ud: log('connect', f, rc), lambda rc, ud: log('disconnect', rc),
    lambda t, q, p, ud: log('message', t), lambda mid, ud: log('publish', mid), lambda q, mid, ud: log('subscribe', q, mid), lambda mid, ud: log('unsubscribe', mid))
qcloud.connect()
for i in range(50):
    if qcloud.isMqttConnected(): break
    time.sleep(0.1)
P, D = 'ABCDEFGHIJ', 'dev1'
qcloud.registerUserCallback(P + '/dev1/control', lambda t, q, p, ud: log('user', t, p))
print('sub', qcloud.subscribe(P + '/dev1/control', 1))
time.sleep(0.2)
print('pub', qcloud.publish(P + '/dev1/event', 'plain text', 0))
print('pub', qcloud.publish(P + '/dev1/event', {'a': 1, 'b': '中', 'f': 3.7, 'n': None, 'l': [True, False]}, 1))
time.sleep(0.2)
print('ntp', qcloud.getNtpAccurateTime())
time.sleep(0.2)
qcloud.shadowInit(P, D, lambda t, q, p, ud: log('shadow', p))
time.sleep(0.2)
qcloud.getShadow(P, D)
p1 = qcloud.device_property(); p1.key = 'updateCount'; p1.data = 3.7; p1.type = 'float'
p2 = qcloud.device_property(); p2.key = 'name'; p2.data = 'shadow'; p2.type = 'string'
qcloud.shadowUpdate(P, D, qcloud.shadowJsonConstructReport(P, D, p1, p2), 0)
qcloud.shadowUpdate(P, D, qcloud.shadowJsonConstructDesireAllNull(P, D), 0)
time.sleep(0.2)
qcloud.gatewayInit()
time.sleep(0.2)
print('online', qcloud.gatewaySubdevOnline('SUBPID0001', 'sub1'))
print('bind', qcloud.gatewaySubdevBind('SUBPID0001', 'sub3', 'c3Vic2VjcmV0'))
print('list', qcloud.gatewaySubdevGetBindList(P, D)[0])
print('gsub', qcloud.gatewaySubdevSubscribe([('SUBPID0001/sub1/data', 0)]))
time.sleep(0.2)
print('otainit', qcloud.otaInit(P, D, lambda t, q, p, ud: log('ota', p)))
print('ver', qcloud.otaReportVersion(P, D, '0.1.0'))
time.sleep(0.3)
print('done', qcloud.otaReportUpgradeSuccess(P, D, '1.0.0'))
def on_rrpc(t, q, p, ud):
    log('rrpc', t, p)
    qcloud.rrpcReply(P, D, 'ok', 2)
qcloud.rrpcInit(P, D, on_rrpc)
qcloud.broadcastInit(P, D, lambda t, q, p, ud: log('broadcast', p))
time.sleep(0.5)
print('resinit', qcloud.resourceInit(P, D, lambda t, q, p, ud: log('res', p)))
print('task', qcloud.resourceCreateUploadTask(P, D, './crosscheck/myres.txt'))
print('prog', qcloud.resourceReportUploadProgress(P, D))
print('fin', qcloud.resourceFinished())
time.sleep(0.3)
print('unsub', qcloud.unsubscribe(P + '/dev1/control'))
time.sleep(0.3)
qcloud.disconnect()
time.sleep(0.3)
for e in events: print('EV', e)
