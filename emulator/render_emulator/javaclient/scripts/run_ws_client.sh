#!/bin/sh
# render-emulator stand-in for render-ws-java-client's run_ws_client.sh.
#
# Usage: run_ws_client.sh <memory> <main-class> [client-arg-0 ... client-arg-n]
#
# Runs `python -m render_emulator.javaclient <main-class> <args...>` (the Python versions of render's
# java clients) and exits with its status. <memory> is accepted and ignored (no JVM). As in render's
# script, the client arguments are re-expanded unquoted (split at spaces, globs expanded).
#
# The Python interpreter is the first of these that can import render_emulator:
#   1. $RENDER_EMULATOR_PYTHON (used as is when set)
#   2. the python of the installation this script belongs to (<prefix>/bin/python3, wheel installs)
#   3. the interpreter of the calling process (/proc/$PPID/cmdline; e.g. renderapi's python)
#   4. $VIRTUAL_ENV/bin/python, then python3 and python on PATH

if [ $# -lt 2 ]; then
  echo "
USAGE: $0 <memory> <main-class> [client-arg-0 ... client-arg-n]
"
  exit 1
fi

MEMORY="$1"
MAIN_CLASS="$2"
shift 2
CLIENT_ARGS="$*"

can_run() {
  [ -n "$1" ] && "$1" -c 'import render_emulator.javaclient' >/dev/null 2>&1
}

find_python() {
  if [ -n "${RENDER_EMULATOR_PYTHON:-}" ]; then
    echo "$RENDER_EMULATOR_PYTHON"
    return 0
  fi
  SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd -P)
  # <prefix>/lib/pythonX.Y/site-packages/render_emulator/javaclient/scripts -> <prefix>/bin
  PREFIX_BIN="$SCRIPT_DIR/../../../../../../bin"
  for CANDIDATE in "$PREFIX_BIN/python3" "$PREFIX_BIN/python"; do
    if [ -x "$CANDIDATE" ] && can_run "$CANDIDATE"; then echo "$CANDIDATE"; return 0; fi
  done
  if [ -r "/proc/$PPID/cmdline" ]; then
    CALLER=$(tr '\000' '\n' < "/proc/$PPID/cmdline" | head -n 1)
    case "$(basename -- "$CALLER" 2>/dev/null)" in
      python*) if can_run "$CALLER"; then echo "$CALLER"; return 0; fi ;;
    esac
  fi
  for CANDIDATE in "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin/python}" python3 python; do
    if can_run "$CANDIDATE"; then echo "$CANDIDATE"; return 0; fi
  done
  return 1
}

if ! PYTHON=$(find_python); then
  echo "run_ws_client.sh: no Python interpreter with render_emulator installed was found" \
       "(set RENDER_EMULATOR_PYTHON)" >&2
  exit 1
fi

echo "
${MAIN_CLASS}
"
echo "Running: ${PYTHON} -m render_emulator.javaclient ${MAIN_CLASS} ${CLIENT_ARGS} (memory ${MEMORY} ignored)
"
# shellcheck disable=SC2086  # unquoted on purpose, as render's script
exec "${PYTHON}" -m render_emulator.javaclient "${MAIN_CLASS}" ${CLIENT_ARGS}
