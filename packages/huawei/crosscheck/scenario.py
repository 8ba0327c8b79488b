# The cross-check scenario through the vendor Python SDK (iot_device_sdk_python at HW_SDK, default /tmp/hwsdk).
import os, sys, time
sys.path.insert(0, os.environ.get('HW_SDK', '/tmp/hwsdk'))
from iot_device_sdk_python.client.connect_auth_info import ConnectAuthInfo
from iot_device_sdk_python.client.client_conf import ClientConf
from iot_device_sdk_python.iot_device import IotDevice
from iot_device_sdk_python.client.request.device_message import DeviceMessage
from iot_device_sdk_python.client.request.service_property import ServiceProperty
from iot_device_sdk_python.client.request.command_response import CommandRsp
from iot_device_sdk_python.client.request.device_event import DeviceEvent
from iot_device_sdk_python.client.request.device_base_info import DeviceBaseInfo
from iot_device_sdk_python.transport.raw_message import RawMessage
from iot_device_sdk_python.client import iot_result
from iot_device_sdk_python.service.abstract_service import AbstractService
from iot_device_sdk_python.service.property import Property
from iot_device_sdk_python.timesync.time_sync_listener import TimeSyncListener


class SmokeDetectorService(AbstractService):
    def __init__(self):
        super().__init__()
        self.smoke_alarm = Property(20, "smoke_alarm", "alarm", True)
        self.humidity = Property(64, "humidity", "humidity", False)
        self._readable_prop2field = {"alarm": "smoke_alarm", "humidity": "humidity"}
        self._writeable_prop2field = {"alarm": "smoke_alarm"}
        self._command2method = {"ringAlarm": "alarm"}

    def alarm(self, paras):
        rsp = CommandRsp()
        rsp.paras = {"duration": paras.get("duration")}
        return rsp

    def get_smoke_alarm(self):
        return self.smoke_alarm.val

    def set_smoke_alarm(self, v):
        self.smoke_alarm.val = v

    def get_humidity(self):
        return self.humidity.val


class TS(TimeSyncListener):
    def on_time_sync_response(self, a, b, c):
        print("time", a, b, c)


info = ConnectAuthInfo()
info.server_uri = '127.0.0.1'; info.port = 1883; info.id = 'productId_nodeId'; info.secret = '12345678'
info.auto_report_device_info = True
device = IotDevice(ClientConf(info))
device.add_service("smokeDetector", SmokeDetectorService())
device.get_time_sync_service().set_listener(TS())
assert device.connect() == 0
c = device.get_client()
m = DeviceMessage(); m.content = 'Hello Huawei'
c.report_device_message(m); time.sleep(0.2)
c.report_properties([ServiceProperty('smokeDetector', {'alarm': 10, 'temperature': 64.5, 'name': 'é'})]); time.sleep(0.2)
c.get_device_shadow('rid-1', 'smokeDetector'); time.sleep(0.2)
c.get_device_shadow('rid-2'); time.sleep(0.2)
rsp = CommandRsp(); rsp.response_name = 'ring'; rsp.paras = {'a': [1, 2, None]}
c.respond_command('r1', rsp); time.sleep(0.2)
c.respond_properties_set('r3', iot_result.SUCCESS); time.sleep(0.2)
ev = DeviceEvent(); ev.service_id = 's'; ev.event_type = 'e'; ev.paras = {'k': 'v'}
c.report_event(ev); time.sleep(0.2)
c.publish_raw_message(RawMessage('$oc/devices/productId_nodeId/user/t', b'\x01\x02', 0)); time.sleep(0.2)
device.get_ota_service().report_version('v1', 'v2'); time.sleep(0.2)
device.get_ota_service().report_ota_status(0, 'v2', 100, 'ok'); time.sleep(0.2)
device.get_time_sync_service().request_time_sync(); time.sleep(0.2)
di = DeviceBaseInfo(); di.fw_version = 'f'; di.sw_version = 's'
c.report_device_info(di)
time.sleep(3.5)  # the recorder's downlink script
os._exit(0)  # Python's destroy() reconnects (quirk Q6): end the process instead
