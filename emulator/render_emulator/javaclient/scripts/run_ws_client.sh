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
# No extra Python is started to test a candidate: the first one not yet tried is exec'd with a small
# bootstrap that looks up the modules (found, not imported) and runs the client; when they are missing it
# runs this script again with the candidate added to $RENDER_EMULATOR_TRIED (one line each), so the next
# candidate gets its turn. Each Python start costs ~40-50 ms of CPU on every call (issue #13).

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
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd -P)

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

# the candidates in order, one per line (bare names for python3 / python on PATH)
candidates() {
  # <prefix>/lib/pythonX.Y/site-packages/render_emulator/javaclient/scripts -> <prefix>/bin; a source
  # checkout has no such prefix
  case "$SCRIPT_DIR" in
    */site-packages/render_emulator/javaclient/scripts|*/dist-packages/render_emulator/javaclient/scripts)
      echo "$SCRIPT_DIR/../../../../../../bin/python3"
      echo "$SCRIPT_DIR/../../../../../../bin/python" ;;
  esac
  caller_pythons
  CONSOLE_SCRIPT=$(command -v render-emulator 2>/dev/null)
  if [ -n "$CONSOLE_SCRIPT" ]; then
    SHEBANG=$(head -n 1 "$CONSOLE_SCRIPT" 2>/dev/null)
    case "$SHEBANG" in
      '#!'/*) echo "${SHEBANG#\#!}" ;;
    esac
  fi
  [ -n "${VIRTUAL_ENV:-}" ] && echo "$VIRTUAL_ENV/bin/python"
  echo python3
  echo python
}

# the first candidate that exists and has not been tried by an earlier run of this script
next_python() {
  candidates | while IFS= read -r CANDIDATE; do
    [ -n "$CANDIDATE" ] || continue
    case "$CANDIDATE" in
      */*) [ -f "$CANDIDATE" ] && [ -x "$CANDIDATE" ] || continue ;;
      *) command -v "$CANDIDATE" >/dev/null 2>&1 || continue ;;
    esac
    if [ -n "${RENDER_EMULATOR_TRIED:-}" ] && printf '%s\n' "$RENDER_EMULATOR_TRIED" | grep -Fqx -- "$CANDIDATE"; then
      continue
    fi
    echo "$CANDIDATE"
    break
  done
}

# Runs the client when the interpreter finds the modules; else this script again, the candidate marked as
# tried. argv: script, candidate, memory, main class, count of the original client arguments, those
# arguments, then the re-expanded ones. Python 2 syntax too, so that any python falls through cleanly.
BOOTSTRAP='import os, sys
script, python, memory, main_class, count = sys.argv[1:6]
original = sys.argv[6:6 + int(count)]
expanded = sys.argv[6 + int(count):]
try:
    import importlib.util as u
    usable = all(u.find_spec(m) for m in
                 ("render_emulator.javaclient", "renderapi", "requests", "numpy", "scipy"))
except Exception:
    usable = False
if not usable:
    tried = os.environ.get("RENDER_EMULATOR_TRIED", "")
    os.environ["RENDER_EMULATOR_TRIED"] = tried + "\n" + python if tried else python
    sys.stdout.flush()
    os.execv("/bin/sh", ["/bin/sh", script, memory, main_class] + original)
sys.stdout.write("\n%s\n\n" % main_class)
sys.stdout.write("Running: %s -m render_emulator.javaclient %s %s (memory %s ignored)\n\n"
                 % (python, main_class, " ".join(original), memory))
sys.stdout.flush()
sys.argv[0] = "render_emulator.javaclient"
from render_emulator.javaclient.__main__ import main
sys.exit(main([main_class] + expanded))'

if [ -n "${RENDER_EMULATOR_PYTHON:-}" ]; then
  echo "
${MAIN_CLASS}
"
  echo "Running: ${RENDER_EMULATOR_PYTHON} -m render_emulator.javaclient ${MAIN_CLASS} ${CLIENT_ARGS} (memory ${MEMORY} ignored)
"
  # shellcheck disable=SC2086  # unquoted on purpose, as render's script
  exec "${RENDER_EMULATOR_PYTHON}" -m render_emulator.javaclient "${MAIN_CLASS}" ${CLIENT_ARGS}
fi

PYTHON=$(next_python)
if [ -z "$PYTHON" ]; then
  echo "run_ws_client.sh: no Python interpreter with render_emulator installed was found" \
       "(set RENDER_EMULATOR_PYTHON)" >&2
  exit 1
fi
# shellcheck disable=SC2086  # the re-expanded arguments unquoted on purpose, as render's script
exec "$PYTHON" -c "$BOOTSTRAP" "$SCRIPT_DIR/$(basename "$0")" "$PYTHON" "$MEMORY" "$MAIN_CLASS" "$#" "$@" ${CLIENT_ARGS}
