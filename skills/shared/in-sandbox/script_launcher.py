# atomic-skills launcher for a Python reproduction script. Written into the scoring sandbox and
# started as `python <this file> <script>`; standard library only.
#
# - Runs the script as `python <script>` would: as __main__, its own folder first on sys.path
#   (this file's folder never is), its exit status the process's.
# - Reports on the sealed channel (fd $ATOMIC_SKILLS_SEALED_FD) whether code of the target files
#   ran (a profile hook: calls from code in them, module bodies included), once the script is
#   over, then closes the channel: nothing run at interpreter exit can add to it.
import json
import os
import runpy
import sys
import threading
import traceback

_FD = int(os.environ.pop("ATOMIC_SKILLS_SEALED_FD", "-1"))
_CWD = os.getcwd()
_targets = set(os.path.join(_CWD, t) for t in json.loads(os.environ.pop("ATOMIC_SKILLS_TARGETS", "[]")))
os.environ.pop("PYTHONSAFEPATH", None)  # the script's own subprocesses get Python's defaults
_HERE = os.path.dirname(os.path.abspath(__file__))
_calls = {}


def _emit(record):
    if _FD < 0:
        return
    data = (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")
    while data:
        data = data[os.write(_FD, data):]


def _profile(frame, event, arg):
    if event == "call" and frame.f_code.co_filename in _targets:
        name = frame.f_code.co_filename
        _calls[name] = _calls.get(name, 0) + 1


script = os.path.abspath(sys.argv[1])
sys.argv = sys.argv[1:]
sys.path[:] = [os.path.dirname(script)] + [p for p in sys.path if p and os.path.abspath(p) not in (_HERE, _CWD)]
threading.setprofile(_profile)
sys.setprofile(_profile)
code = 0
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as exc:
    if exc.code is None:
        code = 0
    elif isinstance(exc.code, int):
        code = exc.code
    else:
        print(exc.code, file=sys.stderr)
        code = 1
except BaseException:  # noqa: BLE001 - the script's own failure, shown as Python shows it
    traceback.print_exc()
    code = 1
sys.setprofile(None)
threading.setprofile(None)
for path in sorted(_targets):
    _emit({"k": "cov", "file": os.path.relpath(path, _CWD).replace(os.sep, "/"), "calls": _calls.get(path, 0), "percent": None})
_emit({"k": "end", "exitstatus": code})
if _FD >= 0:
    os.close(_FD)
sys.stdout.flush()
sys.exit(code)
