import { createHmac } from 'node:crypto';
import {
  deviceSecretCredentials,
  deviceSignContent,
  dynregCredentials,
  nwlCredentials,
  productSign,
  productSignContent,
  subdevLoginClientId,
  subdevSign,
  subdevTopoClientId,
} from '../src/linkkit/signing.js';
import { randomString, RANDOM_ALPHABET } from '../src/linkkit/random-string.js';

describe('device-secret credentials (spec 3.2 A vector)', () => {
  const a = { productKey: 'a1ProductKey', deviceName: 'device01', deviceSecret: 'DeviceSecret0123456789', timestamp: '1700000000', tls: true };

  test('sign content and password match the spec vector', () => {
    expect(deviceSignContent(a.productKey, a.deviceName, a.timestamp)).toBe(
      'clientIda1ProductKey&device01deviceNamedevice01productKeya1ProductKeytimestamp1700000000',
    );
    const c = deviceSecretCredentials(a);
    expect(c.password).toBe('170b9a898ae1506a8704f5ab93994b700daec1d6');
    expect(c.clientId).toBe('a1ProductKey&device01|securemode=2,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=1700000000|');
    expect(c.username).toBe('device01&a1ProductKey');
  });

  test('plain TCP uses securemode=3 and interface info goes in verbatim as sii=', () => {
    const c = deviceSecretCredentials({ ...a, tls: false, interfaceInfo: 'Eth|03ACDEFF0032|Eth|03ACDEFF0031' });
    expect(c.clientId).toBe(
      'a1ProductKey&device01|securemode=3,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,sii=Eth|03ACDEFF0032|Eth|03ACDEFF0031,timestamp=1700000000|',
    );
    expect(c.password).toBe('170b9a898ae1506a8704f5ab93994b700daec1d6');
  });
});

describe('product-secret signatures (spec 3.2 C vector)', () => {
  test('MQTT dynamic registration password', () => {
    expect(productSignContent('a1ProductKey', 'device01', 'AbCdEfGh1234567')).toBe('deviceNamedevice01productKeya1ProductKeyrandomAbCdEfGh1234567');
    const c = dynregCredentials({ productKey: 'a1ProductKey', deviceName: 'device01', productSecret: 'ProductSecretABCDEFG', authType: 'register', random: 'AbCdEfGh1234567' });
    expect(c.password).toBe('465f39be591e7de08e75633012c787a004d2a855a23a1de51de18ca0f11cd467');
    expect(c.clientId).toBe('device01.a1ProductKey|random=AbCdEfGh1234567,authType=register,securemode=2,signmethod=hmacsha256|');
    expect(c.username).toBe('device01&a1ProductKey');
  });

  test('instance id is inserted before the closing bar', () => {
    const c = dynregCredentials({ productKey: 'pk', deviceName: 'dn', productSecret: 's', authType: 'regnwl', random: 'r', instanceId: 'iot-cn-123' });
    expect(c.clientId).toBe('dn.pk|random=r,authType=regnwl,securemode=2,signmethod=hmacsha256,instanceId=iot-cn-123|');
  });

  test('regnwl reply credentials', () => {
    expect(nwlCredentials('cid123', 'pk', 'dn', 'tok')).toEqual({
      clientId: 'cid123|authType=connwl,securemode=-2,_ss=1,ext=3,lan=Python,_v=1.2.13|',
      username: 'dn&pk',
      password: 'tok',
    });
  });
});

describe('sub-device signatures (spec 3.7.9 vectors)', () => {
  test('topo add', () => {
    const cid = subdevTopoClientId('a1SubProduct', 'sub01');
    expect(cid).toBe('a1SubProduct.sub01');
    expect(subdevSign('SubSecret987', cid, 'a1SubProduct', 'sub01', '1700000000123')).toBe(
      '9f79640500d83828380c44b499a34c7edf1d7b60bcc0a9f5d39eef62a374f056',
    );
  });

  test('batch login signs the full client id with the hard-coded _v=2.2.1', () => {
    const cid = subdevLoginClientId('a1SubProduct', 'sub01');
    expect(cid).toBe('a1SubProduct.sub01|lan=Python,_v=2.2.1,_ss=1|');
    expect(subdevSign('SubSecret987', cid, 'a1SubProduct', 'sub01', '1700000000123')).toBe(
      '1100eaf085eb43ec345002e26d347eb1398a2764b6f6c0dc3717e3468b4904b5',
    );
  });

  test('product register', () => {
    expect(productSign('SubProductSecret', 'a1SubProduct', 'sub01', 'AbCdEfGh1234567')).toBe(
      '138382a3f8d6258b92c650a393906a4b9fd784d6363f9415e1a7fe2366f5f599',
    );
  });
});

describe('randomString', () => {
  test('15 characters of [0-9a-zA-Z], deterministic with an injected random', () => {
    let i = 0;
    const seq = [0, 0.5, 0.999999];
    const s = randomString(15, () => seq[i++ % 3]!);
    expect(s).toHaveLength(15);
    expect(s.slice(0, 3)).toBe(`0${RANDOM_ALPHABET[31]}Z`);
    expect(randomString()).toMatch(/^[0-9a-zA-Z]{15}$/);
  });

  test('independent HMAC check of a random registration', () => {
    const r = randomString();
    expect(productSign('ps', 'pk', 'dn', r)).toBe(createHmac('sha256', 'ps').update(`deviceNamednproductKeypkrandom${r}`).digest('hex'));
  });
});
