# atomic-skills exec relay: one long-lived root process per sandbox container that runs the
# harness's commands for it, so each command costs a fork instead of a `docker exec` (an
# exec costs ~50 ms of CPU in dockerd, containerd and runc; a fork here costs ~2 ms).
#
# Started by the harness as `python3 -I -c <this file>` through one `docker exec` whose stdin
# and stdout it owns; only the harness can write to that stdin. Standard library only.
#
# Host -> relay, per command: u32 header length, JSON header
#   {"id", "argv", "user", "env", "stdin": <byte count, or -1 for no stdin>}, then the stdin bytes.
# Relay -> host frames: u8 kind, u32 id, u32 length, payload. Kinds: 1 stdout bytes,
#   2 stderr bytes, 3 exit (ASCII "<exit status, 128+N for signal N> <out-of-memory kills in
#   the container while it ran>"), 4 failed to start (message), 5 ready (sent once, id 0).

import grp
import json
import os
import pwd
import selectors
import struct
import subprocess
import sys
import threading
import time

OUT = sys.stdout.buffer
IN = sys.stdin.buffer
WRITE = threading.Lock()
STDOUT, STDERR, EXIT, FAILED, READY = 1, 2, 3, 4, 5
# Commands start where a `docker exec` would: the container's working directory, which is
# where the harness starts this relay. (-I keeps that directory off sys.path.)
START_DIR = os.getcwd()
# The container's memory cgroup as the kernel shows it inside (v1, then v2): its oom_kill
# counter tells whether the out-of-memory killer struck while a command ran.
OOM_FILES = ("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events")


def send(kind, rid, payload=b""):
    with WRITE:
        OUT.write(struct.pack(">BII", kind, rid, len(payload)) + payload)
        OUT.flush()


def read_exact(n):
    buf = bytearray()
    while len(buf) < n:
        chunk = IN.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def identity(user):
    """uid, gid, supplementary groups and HOME, resolved as `docker exec --user` does."""
    name, _, group = user.partition(":")
    try:
        entry = pwd.getpwuid(int(name)) if name.isdigit() else pwd.getpwnam(name)
        uid, gid, home = entry.pw_uid, entry.pw_gid, entry.pw_dir
        groups = os.getgrouplist(entry.pw_name, entry.pw_gid)
    except KeyError:
        uid, gid, groups, home = int(name), int(name), [], "/"
    if group:
        gid = int(group) if group.isdigit() else grp.getgrnam(group).gr_gid
        groups = [gid]
    return uid, gid, groups, home


def oom_kills():
    for path in OOM_FILES:
        try:
            with open(path) as f:
                for line in f:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except OSError:
            continue
    return 0


def run(rid, req, data):
    """Spawns one command and relays its output until both pipes close. One thread per
    command (pumping with a selector), so the relay takes few of the container's pids."""
    try:
        uid, gid, groups, home = identity(req["user"])
    except Exception as exc:  # noqa: BLE001 - reported to the host, which falls back
        send(FAILED, rid, str(exc).encode("utf-8", "replace"))
        return
    oom_before = oom_kills()
    try:
        proc = subprocess.Popen(
            req["argv"],
            bufsize=0,
            stdin=subprocess.DEVNULL if data is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": home, **req["env"]},
            cwd=START_DIR,
            user=uid,
            group=gid,
            extra_groups=groups,
            start_new_session=True,
        )
    except Exception as exc:  # noqa: BLE001 - reported to the host, which falls back
        send(FAILED, rid, str(exc).encode("utf-8", "replace"))
        return
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, STDOUT)
    sel.register(proc.stderr, selectors.EVENT_READ, STDERR)
    pending = memoryview(data or b"")
    if data is not None:
        if pending:
            os.set_blocking(proc.stdin.fileno(), False)
            sel.register(proc.stdin, selectors.EVENT_WRITE, 0)
        else:
            proc.stdin.close()
    exited_at = None
    while sel.get_map():
        for key, _ in sel.select(timeout=0.25):
            if key.data == 0:  # the command's stdin
                try:
                    pending = pending[os.write(key.fd, pending[:65536]):]
                except BlockingIOError:
                    continue
                except OSError:
                    pending = pending[:0]  # it exited without reading everything
                if not pending:
                    close(sel, key.fileobj)
                continue
            chunk = os.read(key.fd, 65536)
            if chunk:
                send(key.data, rid, chunk)
            else:
                close(sel, key.fileobj)
        # The command has exited but something it started still holds its output open: past
        # a short grace that output is no longer the command's (the host's sweep ends the holder).
        if exited_at is None and proc.poll() is not None:
            exited_at = time.monotonic()
        elif exited_at is not None and time.monotonic() - exited_at > 2:
            for key in list(sel.get_map().values()):
                close(sel, key.fileobj)
    code = proc.wait()
    oom = oom_kills() - oom_before
    send(EXIT, rid, f"{128 - code if code < 0 else code} {oom}".encode())


def close(sel, fileobj):
    sel.unregister(fileobj)
    fileobj.close()


def main():
    send(READY, 0)
    while True:
        size = read_exact(4)
        if size is None:
            return  # the harness went away
        req = json.loads(read_exact(struct.unpack(">I", size)[0]))
        n = req.get("stdin", -1)
        data = read_exact(n) if n >= 0 else None
        try:
            threading.Thread(target=run, args=(req["id"], req, data), daemon=True).start()
        except RuntimeError as exc:  # no thread to be had (pids limit): nothing ran
            send(FAILED, req["id"], str(exc).encode("utf-8", "replace"))


main()
