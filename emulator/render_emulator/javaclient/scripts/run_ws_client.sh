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
#   2. the python of the installation this script belongs to (<prefix>/bin/python3, when the script
#      lies in <prefix>/lib/pythonX.Y/site-packages: wheel installs)
#   3. the interpreter of the calling process (e.g. renderapi's python): its argv[0] from
#      /proc/$PPID/cmdline, a bare name resolved on the caller's own PATH (/proc/$PPID/environ), then
#      the executable itself (/proc/$PPID/exe)
#   4. the interpreter named in the shebang of the render-emulator command on PATH (editable installs,
#      whose scripts directory is a source checkout)
#   5. $VIRTUAL_ENV/bin/python, then python3 and python on PATH

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

# an interpreter that finds render_emulator and the clients' dependencies (found, not imported: quick)
can_run() {
  [ -n "$1" ] && "$1" -c 'import importlib.util as u, sys
sys.exit(not all(u.find_spec(m) for m in ("render_emulator.javaclient", "renderapi", "requests", "numpy", "scipy")))' \
    >/dev/null 2>&1
}

# the calling process's interpreter, as absolute paths, one per line (nothing when it is no python)
caller_pythons() {
  [ -r "/proc/$PPID/cmdline" ] || return 0
  CALLER=$(tr '\000' '\n' < "/proc/$PPID/cmdline" | head -n 1)
  case "$(basename -- "$CALLER" 2>/dev/null)" in
    python*) ;;
    *) return 0 ;;
  esac
  case "$CALLER" in
    /*) echo "$CALLER" ;;
    */*) [ -d "/proc/$PPID/cwd" ] && echo "$(cd "/proc/$PPID/cwd" 2>/dev/null && pwd -P)/$CALLER" ;;
    *)
      # a bare name (`python -m pytest` in an activated venv): look it up on the caller's PATH
      CALLER_PATH=$(tr '\000' '\n' < "/proc/$PPID/environ" 2>/dev/null | sed -n 's/^PATH=//p' | head -n 1)
      OLD_IFS=$IFS; IFS=:
      for DIR in $CALLER_PATH; do
        if [ -n "$DIR" ] && [ -x "$DIR/$CALLER" ]; then echo "$DIR/$CALLER"; break; fi
      done
      IFS=$OLD_IFS ;;
  esac
  readlink "/proc/$PPID/exe" 2>/dev/null
}

find_python() {
  if [ -n "${RENDER_EMULATOR_PYTHON:-}" ]; then
    echo "$RENDER_EMULATOR_PYTHON"
    return 0
  fi
  SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd -P)
  # <prefix>/lib/pythonX.Y/site-packages/render_emulator/javaclient/scripts -> <prefix>/bin; a source
  # checkout has no such prefix (each interpreter tried costs a Python start, ~50 ms, on every call)
  case "$SCRIPT_DIR" in
    */site-packages/render_emulator/javaclient/scripts|*/dist-packages/render_emulator/javaclient/scripts)
      PREFIX_BIN="$SCRIPT_DIR/../../../../../../bin"
      for CANDIDATE in "$PREFIX_BIN/python3" "$PREFIX_BIN/python"; do
        if [ -x "$CANDIDATE" ] && can_run "$CANDIDATE"; then echo "$CANDIDATE"; return 0; fi
      done ;;
  esac
  for CANDIDATE in $(caller_pythons); do
    if can_run "$CANDIDATE"; then echo "$CANDIDATE"; return 0; fi
  done
  CONSOLE_SCRIPT=$(command -v render-emulator 2>/dev/null)
  if [ -n "$CONSOLE_SCRIPT" ]; then
    SHEBANG=$(head -n 1 "$CONSOLE_SCRIPT" 2>/dev/null)
    case "$SHEBANG" in
      '#!'/*) CANDIDATE=${SHEBANG#\#!}; if can_run "$CANDIDATE"; then echo "$CANDIDATE"; return 0; fi ;;
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
