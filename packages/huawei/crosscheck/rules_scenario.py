# Device-rule cross-check scenario through the vendor Python SDK.
import os, sys, time
sys.path.insert(0, os.environ.get('HW_SDK', '/tmp/hwsdk'))
from iot_device_sdk_python.client.connect_auth_info import ConnectAuthInfo
from iot_device_sdk_python.client.client_conf import ClientConf
from iot_device_sdk_python.iot_device import IotDevice
from iot_device_sdk_python.client.request.device_message import DeviceMessage
from iot_device_sdk_python.client.request.service_property import ServiceProperty
from iot_device_sdk_python.client.request.command_response import CommandRsp
from iot_device_sdk_python.client.listener.command_listener import CommandListener
from iot_device_sdk_python.client.listener.device_message_listener import DeviceMessageListener

info = ConnectAuthInfo()
info.server_uri = '127.0.0.1'; info.port = 1883; info.id = 'ruleprod_dev1'; info.secret = 'rsecret'
info.enable_rule_manage = True
device = IotDevice(ClientConf(info))


class Cmd(CommandListener):
    def on_command(self, request_id, service_id, command_name, paras):
        rsp = CommandRsp()
        rsp.response_name = command_name
        rsp.paras = {"service": service_id, "got": paras}
        device.get_client().respond_command(request_id, rsp)


class Msg(DeviceMessageListener):
    def on_device_message(self, message):
        device.get_client().report_properties([ServiceProperty('smokeDetector', {'temperature': 40})])


device.get_client().set_command_listener(Cmd())
device.get_client().set_device_msg_listener(Msg())
assert device.connect() == 0
m = DeviceMessage(); m.content = 'last'
device.get_client().report_device_message(m)
time.sleep(3.0)
os._exit(0)
