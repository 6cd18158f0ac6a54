// Batch test runners that live inside a synthesis sandbox: one exec runs many jobs (a job =
// some files replaced, some tests run, the files restored). pytest runs in a child forked from
// a process that has already imported pytest, so each job pays for collecting and running its
// tests but not for starting Python and pytest again; node runs each test file as one process —
// `node --test <file>` as the scorer does, or (job.direct) `node <file>` with the same reporter,
// which skips the runner's parent process. Results read the same way as the scorers'.

/** Where the drivers are written in the sandbox. */
export const PYTHON_DRIVER_PATH = '/tmp/as-synth-driver.py';
export const NODE_DRIVER_PATH = '/tmp/as-synth-driver.mjs';

export const PYTHON_DRIVER = String.raw`# atomic-skills synthesis: batch pytest runner (jobs JSON on argv[1], one JSON line per job on stdout)
import json, os, signal, sys, time
import pytest
import _pytest.config, _pytest.main, _pytest.python, _pytest.junitxml, _pytest.fixtures, _pytest.terminal, _pytest.assertion.rewrite  # noqa: F401 (warm imports)

ARGS = ['-p', 'no:cacheprovider', '--rootdir=/testbed', '-o', 'junit_family=xunit1', '--continue-on-collection-errors', '-q']

def swap(files):
    originals = {}
    for f in files:
        p = os.path.join('/testbed', f['path'])
        with open(p, 'rb') as fh:
            originals[p] = fh.read()
        with open(p, 'wb') as fh:
            fh.write(f['content'].encode('utf-8'))
    return originals

def restore(originals):
    for p, data in originals.items():
        with open(p, 'wb') as fh:
            fh.write(data)

def run(job, xml):
    try:
        os.unlink(xml)
    except FileNotFoundError:
        pass
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGCHLD])
            null = os.open('/dev/null', os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.chdir('/testbed')
            sys.path[0] = '/testbed'  # as "python3 -m pytest" run from /testbed
            sys.argv = ['pytest']
            code = pytest.main(ARGS + ['--junitxml=' + xml] + job['tests'])
            os._exit(int(code))
        except BaseException:
            os._exit(99)
    deadline = time.monotonic() + job['timeout']
    timed_out = False
    status = None
    while status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            break
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status = os.waitpid(pid, 0)
            break
        signal.sigtimedwait([signal.SIGCHLD], min(left, 1.0))
    try:
        os.killpg(pid, signal.SIGKILL)  # whatever the tests left running
    except (ProcessLookupError, PermissionError):
        pass
    code = os.waitstatus_to_exitcode(status) if not timed_out else None
    report = None
    if os.path.exists(xml):
        with open(xml, encoding='utf-8', errors='replace') as fh:
            report = fh.read()
    return {'exit': code, 'timedOut': timed_out, 'reports': [{'file': None, 'xml': report}]}

def main():
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
    with open(sys.argv[1], encoding='utf-8') as fh:
        jobs = json.load(fh)
    for i, job in enumerate(jobs):
        originals = swap(job['files'])
        try:
            out = run(job, '/tmp/as-synth-%d.xml' % i)
        finally:
            restore(originals)
        out['index'] = i
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()

main()
`;

export const NODE_DRIVER = String.raw`// atomic-skills synthesis: batch node:test runner (jobs JSON on argv[2], argv[3] = reporter path)
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const [jobsPath, reporter] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsPath, 'utf8'));
const AT_ONCE = 2;

function runFile(file, xml, deadline, env, direct) {
  return new Promise((resolve) => {
    try { fs.rmSync(xml, { force: true }); } catch {}
    const left = deadline - Date.now();
    if (left <= 0) return resolve({ file, exit: null, timedOut: true, xml: null });
    const args = ['--test-reporter=' + reporter, '--test-reporter-destination=' + xml, file];
    const child = spawn('node', direct ? args : ['--test', ...args], {
      cwd: '/testbed', detached: true, stdio: 'ignore', env: { ...process.env, ...env },
    });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, left);
    child.on('exit', (code) => {
      clearTimeout(timer);
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
      let text = null;
      try { text = fs.readFileSync(xml, 'utf8'); } catch {}
      resolve({ file, exit: timedOut ? null : code, timedOut, xml: text });
    });
  });
}

for (const [index, job] of jobs.entries()) {
  const originals = new Map();
  for (const f of job.files) {
    const p = '/testbed/' + f.path;
    originals.set(p, fs.readFileSync(p));
    fs.writeFileSync(p, f.content);
  }
  const deadline = Date.now() + job.timeout * 1000;
  const queue = job.tests.map((file, i) => ({ file, i }));
  const reports = [];
  try {
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const env = job.coverageDir ? { NODE_V8_COVERAGE: job.coverageDir + '/' + next.i } : {};
        reports[next.i] = await runFile(next.file, '/tmp/as-synth-' + next.i + '.xml', deadline, env, Boolean(job.direct));
      }
    }));
  } finally {
    for (const [p, data] of originals) fs.writeFileSync(p, data);
  }
  const timedOut = reports.some((r) => r.timedOut);
  const exit = timedOut ? null : Math.max(0, ...reports.map((r) => r.exit ?? 0));
  process.stdout.write(JSON.stringify({ index, exit, timedOut, reports }) + '\n');
}
`;
