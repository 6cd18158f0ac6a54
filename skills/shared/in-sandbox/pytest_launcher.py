# atomic-skills pytest launcher and reporter. Written into each scoring sandbox before every
# scored test run and started as `python <this file> <pytest args>`; standard library and
# pytest only (and coverage.py when a line coverage is asked for and installed).
#
# - A safe path on every Python version: neither this file's folder nor the working directory
#   (where the agent's files are) comes before the real pytest and coverage on sys.path. The
#   working directory goes back afterwards when the task's own command is `python -m pytest`,
#   which puts it first.
# - Every result goes to the sealed channel (fd $ATOMIC_SKILLS_SEALED_FD) as JSON lines, with
#   pytest's own node ids made relative to the working directory (the repository root).
# - The sentinel test files named in the configuration are added to the run, last; their
#   plain test functions are collected whatever the repository's python_functions says.
# - Whether the target files ran at all (a profile hook: calls from code in them, module
#   bodies included) and their line coverage (coverage.py, when installed), for every run alike.
import json
import os
import sys

_FD = int(os.environ.pop("ATOMIC_SKILLS_SEALED_FD", "-1"))
_CONF = json.loads(os.environ.pop("ATOMIC_SKILLS_PYTEST", "{}"))
os.environ.pop("PYTHONSAFEPATH", None)  # the tests' own subprocesses get Python's defaults
_HERE = os.path.dirname(os.path.abspath(__file__))
_CWD = os.getcwd()


def _emit(record):
    if _FD < 0:
        return
    data = (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")
    while data:
        data = data[os.write(_FD, data):]


_saved_path = list(sys.path)
sys.path[:] = [p for p in _saved_path if p and os.path.abspath(p) not in (_HERE, _CWD)]
import pytest  # noqa: E402

_targets = [os.path.join(_CWD, t) for t in _CONF.get("coverage", [])]
_cov = None
_calls = {}
if _targets:
    try:
        import coverage  # noqa: E402

        _cov = coverage.Coverage(data_file=None, config_file=False, include=_targets)
    except Exception as exc:  # not installed: no percentage, the profile hook still counts calls
        _emit({"k": "note", "text": "coverage.py unavailable (%s): no line coverage" % (exc,)})
sys.path[:] = [p for p in _saved_path if os.path.abspath(p or ".") != _HERE]
if _CONF.get("cwd_first"):
    sys.path.insert(0, _CWD)


_wanted = set(_targets)


def _profile(frame, event, arg):
    # A profile hook, not a trace function: coverage tools (ours, pytest-cov) cannot displace it.
    if event == "call" and frame.f_code.co_filename in _wanted:
        name = frame.f_code.co_filename
        _calls[name] = _calls.get(name, 0) + 1


def _rel(path):
    return os.path.relpath(path, _CWD).replace(os.sep, "/")


def _innermost_file(tb):
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return _rel(tb.tb_frame.f_code.co_filename) if tb is not None else None


def _text(longrepr):
    try:
        return str(longrepr)[-4000:]
    except Exception:  # noqa: BLE001 - a repr that cannot print is still a failure
        return "<unprintable>"


_SENTINEL_PATHS = set(os.path.join(_CWD, p) for p in _CONF.get("sentinels", []))
_SENTINEL_FUNCTIONS = set(_CONF.get("sentinel_functions", []))


class _Reporter:
    def __init__(self):
        self.rootdir = _CWD

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makeitem(self, collector, name, obj):
        if name not in _SENTINEL_FUNCTIONS or not callable(obj):
            return None
        where = str(getattr(collector, "path", None) or getattr(collector, "fspath", ""))
        if os.path.abspath(where) not in _SENTINEL_PATHS:
            return None
        if hasattr(pytest.Function, "from_parent"):
            return pytest.Function.from_parent(collector, name=name, callobj=obj)
        return pytest.Function(name, parent=collector, callobj=obj)

    def _id(self, nodeid):
        path, sep, rest = nodeid.partition("::")
        return _rel(os.path.join(self.rootdir, path)) + sep + rest if path else nodeid

    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config):
        self.rootdir = str(getattr(config, "rootpath", None) or config.rootdir)
        config.args.extend(_CONF.get("sentinels", []))
        _emit({"k": "start", "rootdir": _rel(self.rootdir), "pytest": pytest.__version__, "python": sys.version.split()[0]})

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is not None and report.failed:
            info = {"type": call.excinfo.typename, "crash": _innermost_file(call.excinfo.tb)}
            report.user_properties.append(("atomic_skills", info))

    def pytest_runtest_logreport(self, report):
        props = dict((k, v) for k, v in report.user_properties if k == "atomic_skills").get("atomic_skills") or {}
        record = {"k": "test", "id": self._id(report.nodeid), "when": report.when, "outcome": report.outcome}
        if hasattr(report, "wasxfail"):
            record["xfail"] = True
        if report.failed:
            crash = getattr(report.longrepr, "reprcrash", None)
            record.update(type=props.get("type"), crash=props.get("crash"), text=_text(report.longrepr))
            record["msg"] = str(getattr(crash, "message", ""))[:2000]
        _emit(record)

    def pytest_collectreport(self, report):
        if report.failed:
            _emit({"k": "collect", "id": self._id(report.nodeid), "text": _text(report.longrepr)})

    def pytest_sessionfinish(self, session):
        if _targets:
            sys.setprofile(None)
        if _cov is not None:
            _cov.stop()
        for path in _targets:
            record = {"k": "cov", "file": _rel(path), "calls": _calls.get(path, 0), "percent": None}
            if _cov is not None:
                try:
                    _, statements, _, missing, _ = _cov.analysis2(path)
                except Exception as exc:  # noqa: BLE001 - e.g. the file does not parse
                    record["error"] = str(exc)[:500]
                else:
                    ran = len(statements) - len(missing)
                    record["percent"] = 100.0 * ran / len(statements) if statements else None
            _emit(record)


if _targets:
    import threading

    threading.setprofile(_profile)
    sys.setprofile(_profile)
if _cov is not None:
    _cov.start()
code = pytest.main(sys.argv[1:], plugins=[_Reporter()])
_emit({"k": "end", "exitstatus": int(code)})
if _FD >= 0:
    os.close(_FD)  # nothing written later (at exit, by the code under test) can reach the report
sys.exit(int(code))
