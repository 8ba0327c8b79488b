#!/usr/bin/env bash
# Runs the cross-check: each scenario through the vendor Python SDK and through @iot/huawei, each against the
# recorder on 127.0.0.1:1883, then compares the wire logs. Needs: PY (a python with paho-mqtt 2.x, apscheduler,
# tzlocal; see README), HW_SDK (the vendor SDK source), built @iot/emulator and @iot/huawei, port 1883 free.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PY:-python3}"
out="${OUT:-/tmp/huawei-crosscheck}"
mkdir -p "$out"
run() {
  node recorder.mjs "$1" "$2" > "$out/recorder.log" 2>&1 &
  local rp=$!
  sleep 1.5
  "${@:3}" > "$1.out" 2>&1 || true
  kill -TERM "$rp"
  wait "$rp" || true
}
status=0
for s in device gateway rules; do
  prefix=""; [ "$s" != device ] && prefix="${s}_"
  run "$out/$s.py.json" "$s" timeout 60 "$PY" "${prefix}scenario.py"
  run "$out/$s.ts.json" "$s" timeout 60 node "${prefix}scenario.mjs"
  echo "== $s"
  node compare.mjs "$out/$s.py.json" "$out/$s.ts.json" || status=1
done
exit $status
