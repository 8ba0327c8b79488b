# Gateway cross-check scenario through the vendor Python SDK.
import os, sys, time
sys.path.insert(0, os.environ.get('HW_SDK', '/tmp/hwsdk'))
from iot_device_sdk_python.client.connect_auth_info import ConnectAuthInfo
from iot_device_sdk_python.client.client_conf import ClientConf
from iot_device_sdk_python.client.request.device_message import DeviceMessage
from iot_device_sdk_python.client.request.service_property import ServiceProperty
from iot_device_sdk_python.client.request.command_response import CommandRsp
from iot_device_sdk_python.client.request.device_event import DeviceEvent
from iot_device_sdk_python.gateway.abstract_gateway import AbstractGateway
from iot_device_sdk_python.gateway.sub_devices_persistence import SubDevicesPersistence
from iot_device_sdk_python.gateway.gtw_operate_sub_device_listener import GtwOperateSubDeviceListener
from iot_device_sdk_python.gateway.requests.added_sub_device_info import AddedSubDeviceInfo
from iot_device_sdk_python.gateway.requests.device_info import DeviceInfo


class Persistence(SubDevicesPersistence):
    def __init__(self):
        self.version = 2
        self.devices = {}

    def get_sub_device(self, node_id):
        return self.devices.get(node_id)

    def add_sub_devices(self, info):
        if 0 < info.version <= self.version:
            return -1
        for d in info.devices:
            self.devices[d.node_id] = d
        self.version = info.version
        return 0

    def delete_sub_devices(self, info):
        return 0

    def get_version(self):
        return self.version


class Gateway(AbstractGateway):
    def on_sub_dev_command(self, request_id, command):
        rsp = CommandRsp()
        rsp.paras = {"result": command.device_id}
        self.get_client().respond_command(request_id, rsp)

    def on_sub_dev_properties_get(self, request_id, props_get):
        self.get_client().respond_properties_get(request_id, [ServiceProperty(props_get.service_id, {"alarm": 1})])

    def on_sub_dev_message(self, message):
        m = DeviceMessage()
        m.device_id = message.device_id
        m.content = "echo " + message.content
        self.report_sub_device_message(m)

    def on_sub_dev_event(self, device_events):
        ev = DeviceEvent()
        ev.service_id = "$ota"
        ev.event_type = "version_report"
        ev.paras = {"fw_version": "v1"}
        self.get_client().report_sub_event(device_events.device_id, ev)


class OpListener(GtwOperateSubDeviceListener):
    def __init__(self, gw):
        self.gw = gw

    def on_add_sub_device_rsp(self, rsp, event_id):
        self.gw.sync_sub_devices()

    def on_del_sub_device_rsp(self, rsp, event_id):
        self.gw.sync_sub_devices()


info = ConnectAuthInfo()
info.server_uri = '127.0.0.1'; info.port = 1883; info.id = 'gwprod_gw1'; info.secret = 'gwsecret'
info.check_timestamp = '0'
gw = Gateway(Persistence(), ClientConf(info))
gw.set_gtw_operate_sub_device_listener(OpListener(gw))
assert gw.connect() == 0
gw.sync_sub_devices(); time.sleep(0.2)
gw.report_sub_device_status('prod_n1', 'ONLINE'); time.sleep(0.2)
a = AddedSubDeviceInfo(); a.parent_device_id = 'gwprod_gw1'; a.node_id = 'n1'; a.product_id = 'prod'; a.name = 'n1'; a.device_id = 'prod_n1'
gw.gtw_add_sub_device([a], 'e1'); time.sleep(0.2)
gw.gtw_del_sub_device(['prod_n1'], 'e2'); time.sleep(0.2)
gw.report_sub_device_properties('prod_n1', [ServiceProperty('smokeDetector', {'alarm': 10})]); time.sleep(0.2)
d = DeviceInfo(); d.node_id = 'n1'; d.device_id = 'prod_n1'
gw.report_sub_dev_list([d]); time.sleep(0.2)
m = DeviceMessage(); m.content = 'last'
gw.get_client().report_device_message(m)
time.sleep(3.5)
os._exit(0)
