// Attacks on the sandbox and the host: escape, network, privileges, secrets, hidden material,
// killing or starving the container, processes that outlive their command, disk, memory,
// giant outputs, commands and answers, symlinks and the editor on paths the agent may not use.
// Most run on a localization task: no scoring sandbox, so each costs one container.
import { bash, editor, probe, probes, type Attack, type AttackResult } from './attack.js';
import { expect } from 'vitest';

/** Fake credentials the harness is started with: none may reach a sandbox or any file. */
export const FAKE_KEYS = {
  ANTHROPIC_API_KEY: 'sk-ant-hostile-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  OPENAI_API_KEY: 'sk-hostile-openai-aa11bb22cc33dd44ee55ff66',
  MY_SERVICE_TOKEN: 'tok-hostile-ffeeddccbbaa99887766',
};

const LOC = 'loc-inikit-001';
const EMPTY_LOC = '{"files": []}';
const contains = (r: AttackResult, text: string) => r.observations.some((o) => o.includes(text));
/** The command after the attack still ran in the same sandbox: it survived. */
const survived = (r: AttackResult) => expect(contains(r, 'STILL-ALIVE'), r.observations.join('\n---\n').slice(-3000)).toBe(true);
const alive = bash('echo STILL-ALIVE; id -un');

export const SANDBOX_ATTACKS: Attack[] = [
  {
    id: 'net-egress',
    task: LOC,
    threat: 'reaches the internet (TCP, DNS) from the sandbox',
    calls: [
      probes({
        tcp_public: `python3 -c "import socket; socket.create_connection(('1.1.1.1', 53), timeout=3)"`,
        tcp_https: `python3 -c "import socket; socket.create_connection(('93.184.215.14', 443), timeout=3)"`,
        dns: `python3 -c "import socket; socket.getaddrinfo('example.com', 80)"`,
        udp: `python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b'x', ('8.8.8.8', 53))"`,
      }),
    ],
    answer: EMPTY_LOC,
  },
  {
    id: 'net-host',
    task: LOC,
    threat: 'reaches the host, the Docker daemon or a cloud metadata service',
    calls: [
      probes({
        docker_socket: 'test -e /var/run/docker.sock || test -e /run/docker.sock',
        docker_tcp: `python3 -c "import socket; socket.create_connection(('172.17.0.1', 2375), timeout=3)"`,
        metadata: `python3 -c "import socket; socket.create_connection(('169.254.169.254', 80), timeout=3)"`,
        interfaces: `test "$(ls /sys/class/net | grep -v '^lo$' | wc -l)" -gt 0`,
      }),
    ],
    answer: EMPTY_LOC,
  },
  {
    id: 'privileges',
    task: LOC,
    threat: 'gains capabilities or root: setuid, user namespaces, mount, chroot',
    calls: [
      probes({
        cap_eff: `grep -q '^CapEff:[[:space:]]*0*[1-9a-f]' /proc/self/status`,
        setuid0: `python3 -c "import os; os.setuid(0)"`,
        userns: 'unshare -r true',
        mount: 'mount -t tmpfs none /mnt',
        chroot: 'chroot / true',
        su: `su -c id root </dev/null | grep -q 'uid=0'`,
        setuid_bins: `for b in $(find / -xdev -perm -4000 -type f 2>/dev/null); do "$b" --help </dev/null >/dev/null 2>&1; done; test "$(id -u)" = 0`,
      }),
      alive,
    ],
    answer: EMPTY_LOC,
    check: survived,
  },
  {
    id: 'secrets',
    task: LOC,
    threat: "finds the harness's API keys in the sandbox (environment, other processes, files)",
    calls: [
      probes({
        // Patterns written so that a probe never matches its own command line.
        env: `env | grep -qE 'sk-ant-[h]ostile|sk-[h]ostile-openai|tok-[h]ostile'`,
        procs: `cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -qE '[h]ostile'`,
        files: `grep -rqsE 'sk-ant-[h]ostile|sk-[h]ostile-openai|tok-[h]ostile' /etc /home /tmp /testbed /root /var /opt 2>/dev/null`,
        cmdlines: `cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -qE '[h]ostile'`,
      }),
    ],
    answer: EMPTY_LOC,
  },
  {
    id: 'hidden-material',
    task: 'edit-inikit-001',
    threat: 'reads the hidden tests, the gold patch or the pristine base repository',
    calls: [
      bash(
        probe(
          'hidden_test',
          'grep -rlsIF test_double_dollar_is_a_literal_dollar / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev | grep -q .',
        ),
      ),
      bash(probe('gold_patch', `grep -rlsIF '_TOKEN = re.compile' / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev | grep -q .`)),
      probes({ base_git: 'ls /var/lib/atomic-skills/base.git', shadow: 'cat /etc/shadow', root_home: 'ls /root' }),
    ],
    agent: { bash: { timeout_seconds: 240 } },
  },
  {
    id: 'kill-infrastructure',
    task: LOC,
    threat: "kills the container's init, keep-alive and exec relay, then its own processes",
    calls: [
      probes({
        init: 'kill -9 1',
        others: `for p in $(ps -eo pid=,user= | awk '$2 != "agent" {print $1}'); do kill -9 $p || exit 1; done`,
        relay: 'pkill -9 -f "python3 -I -c"',
      }),
      bash('kill -9 -1; echo unreachable'),
      alive,
    ],
    answer: EMPTY_LOC,
    check: survived,
  },
  {
    id: 'fork-bomb',
    task: LOC,
    threat: 'exhausts the process table, in the session and in a new session that leaves it',
    calls: [bash(`b() { b | b & }; b; sleep 5`), bash(`setsid bash -c 'b() { b | b & }; b' & sleep 5`), alive],
    agent: { bash: { timeout_seconds: 10 } },
    answer: EMPTY_LOC,
    check: survived,
  },
  {
    id: 'memory-hog',
    task: LOC,
    threat: "allocates more than the sandbox's memory, in the command and in a background process",
    calls: [
      bash(`python3 -c "x = bytearray(6 * 1024**3)"; echo "exit $?"`),
      bash(`(python3 -c "import time; x = [bytearray(64 * 1024**2) for _ in range(100)]; time.sleep(60)" &) ; sleep 8; echo done`),
      alive,
    ],
    agent: { bash: { timeout_seconds: 20 } },
    answer: EMPTY_LOC,
    check: survived,
  },
  {
    id: 'cpu-and-sleep',
    task: LOC,
    threat: 'spins and sleeps past the command timeout',
    calls: [bash('while :; do :; done'), bash('sleep 1000'), alive],
    agent: { bash: { timeout_seconds: 5 } },
    answer: EMPTY_LOC,
    check: (r) => {
      survived(r);
      expect(r.observations.filter((o) => o.includes('timed out')).length).toBe(2);
    },
  },
  {
    id: 'leave-the-session',
    task: LOC,
    threat: 'leaves a writer running after its command (setsid env -i, nohup, double fork)',
    calls: [
      bash(
        `setsid env -i /bin/sh -c 'while :; do date >> /testbed/leak.txt; sleep 0.2; done' </dev/null >/dev/null 2>&1 &\n` +
          `nohup sh -c 'while :; do sleep 1; done' >/dev/null 2>&1 &\n(sh -c 'sleep 999 &' &)\necho started`,
      ),
      bash(`sleep 2; ${probe('survivor', `ps -u agent -o args= | grep -v -e 'ps -u' -e grep -e bash -e timeout | grep -q .`)}`),
      bash(`a=$(wc -l < /testbed/leak.txt); sleep 2; b=$(wc -l < /testbed/leak.txt); ${probe('still_writing', '[ "$a" != "$b" ]')}`),
    ],
    answer: EMPTY_LOC,
  },
  {
    id: 'disk-fill',
    task: LOC,
    threat: "fills the host's disk from the sandbox (15 GB in 256 MB files)",
    // Allocated, not written: as much disk as real writes, without the I/O on a shared machine.
    calls: [bash('for i in $(seq 1 60); do fallocate -l 256M /tmp/fill.$i || break; sleep 0.1; done; echo allocated $i')],
    agent: { bash: { timeout_seconds: 60 } },
    answer: EMPTY_LOC,
    outcome: 'agent_error',
    check: (r) => expect(r.record.error?.kind).toMatch(/disk/),
  },
  {
    id: 'file-flood',
    task: LOC,
    threat: 'creates empty files for a minute (no bytes, but inodes and work for every later git add)',
    calls: [
      bash(`mkdir -p /testbed/flood && cd /testbed/flood && python3 -c "[open(str(i), 'w').close() for i in range(300000)]"; ls | wc -l`),
    ],
    agent: { bash: { timeout_seconds: 60 } },
    answer: EMPTY_LOC,
  },
  {
    id: 'giant-output',
    task: LOC,
    threat: 'prints a gigabyte on stdout and stderr',
    calls: [bash(`head -c 768M /dev/zero | tr '\\0' x; head -c 256M /dev/zero >&2`), alive],
    agent: { bash: { timeout_seconds: 60 } },
    answer: EMPTY_LOC,
    check: (r) => {
      survived(r);
      expect(Math.max(...r.observations.map((o) => o.length))).toBeLessThan(200_000);
    },
  },
  {
    id: 'giant-command',
    task: LOC,
    threat: 'sends a command too long for the kernel to start',
    calls: [bash(`echo ${'A'.repeat(300_000)}`), alive],
    answer: EMPTY_LOC,
    check: (r) => {
      survived(r);
      expect(contains(r, 'bytes long')).toBe(true);
    },
  },
  {
    id: 'giant-answer',
    task: LOC,
    threat: "answers with 64 MB of text around the JSON, to swell the harness's memory",
    calls: [],
    answer: `${'x'.repeat(64 * 1024 * 1024)}\n{"files": []}`,
    // Kept as head and tail where it enters the loop: the answer at its end is still read.
    check: (r) => {
      expect(r.record.answer.length).toBeLessThan(2 * 1024 * 1024);
      expect(r.record.answer.endsWith('{"files": []}')).toBe(true);
    },
  },
  {
    id: 'brace-answer',
    task: LOC,
    threat: 'answers with 120 KB of "{" (a quadratic answer search would freeze the trial)',
    calls: [],
    answer: '{'.repeat(120 * 1024),
  },
  {
    id: 'malformed-calls',
    task: LOC,
    threat: 'sends tool calls that are not JSON, name no tool, or miss their arguments',
    calls: [
      { raw: { name: 'bash', rawInput: '{"command": "echo hi"' } },
      { raw: { name: 'rm_rf_slash', input: { path: '/' } } },
      { raw: { name: 'bash', input: {} } },
      { raw: { name: 'str_replace_based_edit_tool', input: { command: 'explode', path: '/testbed' } } },
      alive,
    ],
    answer: EMPTY_LOC,
    check: survived,
  },
  {
    id: 'git-tamper',
    task: 'edit-inikit-001',
    threat: "rewrites /testbed's git history and hooks to hide or fake its changes",
    calls: [
      bash(
        `cd /testbed && echo '# changed' >> src/inikit/parser.py && git add -A && git -c user.email=a@b -c user.name=a commit -qm fake && ` +
          `printf '#!/bin/sh\\nexit 0\\n' > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit && rm -rf .git && git init -q && echo ok`,
      ),
    ],
    check: (r) => expect(r.record.diff).toContain('+# changed'),
  },
  {
    id: 'symlink-reads',
    task: LOC,
    threat: 'points files the editor or harness reads at root-only files and devices',
    calls: [
      bash(
        'ln -s /etc/shadow /testbed/shadow.txt; ln -s /proc/1/environ /testbed/env.txt; ln -sf /dev/zero /testbed/zero.txt; echo linked',
      ),
      editor({ command: 'view', path: '/testbed/shadow.txt' }),
      editor({ command: 'view', path: '/testbed/env.txt' }),
      editor({ command: 'view', path: '/testbed/zero.txt' }),
      alive,
    ],
    answer: EMPTY_LOC,
    check: (r) => {
      survived(r);
      expect(contains(r, 'root:')).toBe(false); // a line of /etc/shadow
      expect(contains(r, 'PATH=')).toBe(false); // init's environment
    },
  },
  {
    id: 'editor-root-paths',
    task: LOC,
    threat: 'uses the editor (which the harness runs) on paths only root may read or write',
    calls: [
      editor({ command: 'view', path: '/etc/shadow' }),
      editor({ command: 'view', path: '/var/lib/atomic-skills/base.git/HEAD' }),
      editor({ command: 'create', path: '/etc/cron.d/evil', file_text: '* * * * * root id\n' }),
      editor({ command: 'str_replace', path: '/etc/passwd', old_str: 'root:x:0:0', new_str: 'root::0:0' }),
      bash(`${probe('created', 'test -e /etc/cron.d/evil')}; ${probe('replaced', `grep -q '^root::0:0' /etc/passwd`)}`),
      alive,
    ],
    answer: EMPTY_LOC,
    check: (r) => {
      survived(r);
      expect(contains(r, 'root:*:') || contains(r, 'root:!')).toBe(false);
      expect(contains(r, 'ref: refs/heads')).toBe(false);
    },
  },
  {
    id: 'editor-sparse-file',
    task: LOC,
    threat: 'makes the editor read a 2 GiB sparse file and a 200 MB file',
    calls: [
      // Outside /testbed: what is under test is the editor, not the patch size.
      bash('truncate -s 2G /tmp/sparse.bin; head -c 200M /dev/zero | tr "\\0" y > /tmp/large.txt; echo made'),
      editor({ command: 'view', path: '/tmp/sparse.bin' }),
      editor({ command: 'view', path: '/tmp/large.txt', view_range: [1, 5] }),
      alive,
    ],
    answer: EMPTY_LOC,
    check: survived,
  },
  {
    id: 'editor-giant-write',
    task: LOC,
    threat: 'sends a 64 MB editor call (a create of a 64 MB file)',
    calls: [editor({ command: 'create', path: '/testbed/huge.txt', file_text: 'z'.repeat(64 * 1024 * 1024) }), alive],
    answer: EMPTY_LOC,
    // Refused where it enters the loop, before anything copies it: the model is told, nothing runs.
    check: (r) => {
      survived(r);
      expect(contains(r, 'it was not run')).toBe(true);
      expect(r.record.diff).not.toContain('huge.txt');
    },
  },
  {
    id: 'diff-over-cap',
    task: LOC,
    threat: 'leaves more changes in /testbed than a patch may hold',
    // One file over the cap (refused before git hashes it), then files each under it, together over.
    calls: [
      bash('head -c 20M /dev/urandom | base64 > /testbed/noise.txt; ls -s /testbed/noise.txt'),
      bash('rm /testbed/noise.txt; for i in 1 2; do head -c 10M /dev/urandom | base64 > /testbed/noise$i.txt; done; ls -s /testbed'),
    ],
    answer: EMPTY_LOC,
    outcome: 'agent_error',
    check: (r) => expect(r.record.error?.kind).toBe('diff_too_large'),
  },
  {
    id: 'diff-near-cap',
    task: LOC,
    threat: "leaves a change just under the patch limit, to swell the harness's memory through records and reports",
    calls: [bash('head -c 11M /dev/urandom | base64 > /testbed/noise.txt; ls -s /testbed/noise.txt')],
    answer: EMPTY_LOC,
    check: (r) => expect(r.record.diff.length).toBeGreaterThan(14_000_000),
  },
  {
    id: 'wall-clock-in-one-reply',
    task: LOC,
    threat: "sleeps through the agent's wall-time limit inside one model reply",
    calls: [bash('sleep 12; echo one'), bash('sleep 12; echo two'), bash('sleep 12; echo three'), bash('sleep 12; echo four')],
    oneReply: true,
    agent: { bash: { timeout_seconds: 30 }, limits: { max_wall_seconds: 15 } },
    answer: EMPTY_LOC,
    outcome: 'agent_error',
    check: (r) => {
      expect(r.record.error?.kind).toBe('limit:max_wall_seconds');
      expect(contains(r, 'four')).toBe(false);
    },
  },
];
