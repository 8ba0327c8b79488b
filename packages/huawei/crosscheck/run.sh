#!/usr/bin/env bash
# Runs the cross-check: the same scenario through the vendor Python SDK and through @iot/huawei, each against the
# recorder on 127.0.0.1:1883, then compares the two wire logs. Needs: PY (a python with paho-mqtt 2.x, apscheduler,
# tzlocal; see README), HW_SDK (the vendor SDK source), built @iot/emulator and @iot/huawei, port 1883 free.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PY:-python3}"
out="${OUT:-/tmp/huawei-crosscheck}"
mkdir -p "$out"
run() {
  node recorder.mjs "$1" > "$out/recorder.log" 2>&1 &
  local rp=$!
  sleep 1.5
  "${@:2}" > "$1.out" 2>&1 || true
  kill -TERM "$rp"
  wait "$rp" || true
}
run "$out/py.json" timeout 60 "$PY" scenario.py
run "$out/ts.json" timeout 60 node scenario.mjs
node compare.mjs "$out/py.json" "$out/ts.json"
