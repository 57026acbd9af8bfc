#!/usr/bin/env bash
# Start-to-window time of a ChatApp executable on a real X server (Xvfb): the seconds from
# starting the process until its main window is mapped, with an empty data folder.
# Linux only; needs xvfb-run and xdotool.
# Usage: packaging/measure_startup.sh dist/ChatApp/chatapp [runs]
set -euo pipefail
app=${1:?usage: measure_startup.sh PATH/TO/chatapp [runs]}
runs=${2:-3}
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
for _ in $(seq "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s.%N)
  CHATAPP_DATA_DIR="$data" QT_QPA_PLATFORM=xcb "$app" >/dev/null 2>&1 &
  pid=$!
  until xdotool search --onlyvisible --name '^ChatApp' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "measure_startup.sh: $app exited early" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s.%N)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  printf '%.2f s\n' "$(echo "$end - $start" | bc)"
done
