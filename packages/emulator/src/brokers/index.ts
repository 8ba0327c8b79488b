export { freePort } from './free-port.js';
export { startMosquitto, findMosquitto, MosquittoNotFoundError, type MosquittoBroker, type MosquittoOptions } from './mosquitto.js';
export { startAedesBroker, type AedesBroker } from './aedes-broker.js';
