// Shell scripts both backends run inside the sandbox, so exec timeouts, the one-commit
// base and the diff behave identically whether the sandbox is a container or bubblewrap.

/** Where the pristine base repository lives inside every sandbox: outside /testbed, so
 * nothing the agent does to /testbed/.git (commit, reset, rm -rf) changes what diff() sees. */
export const BASE_GIT_PARENT = '/var/lib/atomic-skills';
export const BASE_GIT_DIR = `${BASE_GIT_PARENT}/base.git`;

/** Every process an exec starts inherits this variable; the sweep finds stragglers by it. */
export const EXEC_MARKER_VAR = 'ATOMIC_SKILLS_EXEC';

/** PATH for sandbox commands: Debian's own /usr/bin first (its python3 has pytest). */
export const SANDBOX_PATH = '/usr/bin:/bin:/usr/local/bin:/usr/sbin:/sbin';

/** For the harness's own git calls (base commit, diff): fixed identity and dates, so the same
 * repo always yields the same base commit hash, and no host/image config changes the output. */
export const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'atomic-skills',
  GIT_AUTHOR_EMAIL: 'sandbox@atomic-skills.invalid',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00+0000',
  GIT_COMMITTER_NAME: 'atomic-skills',
  GIT_COMMITTER_EMAIL: 'sandbox@atomic-skills.invalid',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00+0000',
  // Host or image git configuration must not change the commit (hooks, autocrlf, signing).
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

// Kill every process (but this shell) carrying our marker. Pure bash builtins: after a
// fork bomb the pids limit may leave no room to fork grep or pkill.
const SWEEP_FN = `
__as_sweep() {
  local d p e i
  for i in 1 2 3; do
    for d in /proc/[0-9]*; do
      p=\${d#/proc/}
      [ "$p" = "$$" ] && continue
      while IFS= read -r -d '' e; do
        if [ "$e" = "$__as_marker" ]; then kill -9 "$p" 2>/dev/null; break; fi
      done 2>/dev/null < "$d/environ"
    done
  done
}`;

/**
 * Runs as the agent user: `bash -c EXEC_WRAPPER _ <cwd> <seconds> <cmd>`.
 * `timeout` puts the command in its own process group and SIGKILLs the whole group when
 * time runs out; the sweep then removes anything that left the group (setsid) and any
 * background job still holding stdout open, so every exec ends with nothing left running.
 */
export const EXEC_WRAPPER = `
# Out of memory, the kernel kills the agent's processes first, never the harness's (the exec
# relay is a small root process: many smaller agent processes would otherwise outrank it).
echo 1000 > /proc/self/oom_score_adj 2>/dev/null
__as_marker="${EXEC_MARKER_VAR}=\${${EXEC_MARKER_VAR}:-}"
${SWEEP_FN}
cd -- "$1" || exit 126
# bash reports a SIGKILLed child ("Killed") on its own stderr: send that report to
# /dev/null while the command keeps the real stderr (fd 4).
exec 4>&2 5<&0
{ timeout -s KILL "$2" bash -lc "$3" 2>&4 4>&- <&5 5<&- & __as_pid=$!; wait $__as_pid; __as_rc=$?; } 2>/dev/null
exec 4>&- 5<&-
# timeout leads the command's process group. One group-wide SIGKILL ends whatever the
# command left behind (background jobs, a fork bomb) atomically: a pass over /proc alone
# loses the race against processes that fork as fast as they are killed.
kill -9 -- "-$__as_pid" 2>/dev/null
[ -n "\${${EXEC_MARKER_VAR}:-}" ] && __as_sweep
exit $__as_rc
`;

/** Runs as root (docker) to kill an exec's stragglers from outside: `bash -c KILL_MARKED _ <marker value>`. */
export const KILL_MARKED = `
__as_marker="${EXEC_MARKER_VAR}=$1"
${SWEEP_FN}
__as_sweep
exit 0
`;

const GIT_FN = `g() { git -c safe.directory='*' -c core.autocrlf=false -c core.safecrlf=false -c commit.gpgSign=false -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }`;

/**
 * `bash -c BASE_COMMIT _ <testbed> <base git dir> [<owner uid:gid>]`: replaces any history in
 * the testbed with ONE commit of its current files, keeps a private copy of that repository
 * as the diff base (ignoring caches that test runs leave: __pycache__, node_modules…), then
 * hands the tree to the sandbox user. Prints the base commit hash.
 */
export const BASE_COMMIT = `
set -eu
${GIT_FN}
cd -- "$1"
rm -rf .git
# No template: no sample hooks or description to write now and copy below.
g init -q --template=
g add -A --force -- .
g commit -q --allow-empty --no-verify -m "base"
rm -rf -- "$2"
mkdir -p -- "$(dirname -- "$2")"
chmod 700 -- "$(dirname -- "$2")" 2>/dev/null || true
cp -a .git "$2"
mkdir -p -- "$2/info"
printf '%s\n' __pycache__/ '*.pyc' .pytest_cache/ .coverage node_modules/ > "$2/info/exclude"
if [ -n "\${3:-}" ]; then chown -R "$3" -- "$1"; fi
g rev-parse HEAD
`;

/**
 * `bash -c DIFF _ <testbed> <base git dir> <max bytes>`: everything under the testbed that
 * differs from the base commit (untracked files, deletions, renames, modes, binaries) as a
 * git-apply-able patch. A throwaway index inside the base repo keeps the agent's own index
 * untouched. Exit 3 (the path on stderr): a new or resized file larger than the patch may be —
 * refused before git hashes and compresses it (a 2 GiB file took minutes).
 */
export const DIFF = `
set -eu
${GIT_FN}
export GIT_DIR="$2" GIT_WORK_TREE="$1" GIT_INDEX_FILE="$2/diff-index.$$"
trap 'rm -f -- "$GIT_INDEX_FILE" "$GIT_INDEX_FILE.lock"' EXIT
cd -- "$1"
while IFS= read -r -d '' f; do
  f=\${f#./}
  [ "$(g cat-file -s "HEAD:$f" 2>/dev/null || echo none)" = "$(stat -c %s -- "$f")" ] && continue
  printf '%s\\n' "$f" >&2
  exit 3
done < <(find . \\( -name .git -o -name __pycache__ -o -name .pytest_cache -o -name node_modules \\) -prune -o -type f -size +"$3"c -print0)
g read-tree HEAD
g add -A --ignore-errors -- . >/dev/null 2>&1 || true
g diff --cached --binary -M --full-index --no-color --no-ext-diff --no-textconv --src-prefix=a/ --dst-prefix=b/ HEAD
`;

/** Timeout argument for coreutils `timeout`, in seconds (fractions allowed). */
export function timeoutArg(ms: number): string {
  return `${Math.max(0.001, ms / 1000).toFixed(3)}s`;
}

/**
 * Runs as the agent: `bash -c WRITE_FILE _ <path> [<octal mode>]`, data on stdin. Creates
 * parents; an existing file keeps its mode unless one is given. Exit 3: path is a directory.
 */
export const WRITE_FILE = `
if [ -d "$1" ]; then echo "is a directory" >&2; exit 3; fi
mkdir -p -- "$(dirname -- "$1")" || exit 2
cat > "$1" || exit 2
if [ -n "\${2:-}" ]; then chmod -- "$2" "$1" || exit 2; fi
`;

/** Runs as the agent: `bash -c READ_FILE _ <path> <max bytes>`. Exit 3: a directory; 4: missing;
 * 6: larger than max. */
export const READ_FILE = `
if [ -d "$1" ]; then echo "is a directory" >&2; exit 3; fi
if [ ! -e "$1" ]; then echo "no such file" >&2; exit 4; fi
[ "$(stat -L -c %s -- "$1")" -le "$2" ] || { echo "larger than $2 bytes" >&2; exit 6; }
exec cat -- "$1"
`;

/** Runs as the agent: `bash -c UNTAR _ <dest dir>`, a tar on stdin. */
export const UNTAR = `
mkdir -p -- "$1" && exec tar -x --no-same-owner -f - -C "$1"
`;

/** Login profile for sandboxes we assemble ourselves: keeps the PATH we pass (Debian's
 * /etc/profile would reset it) and reads nothing else from the host. */
export const PROFILE = `# atomic-skills sandbox profile
export PATH="\${PATH:-${SANDBOX_PATH}}"
[ -n "\${BASH_VERSION:-}" ] && [ -r "\${HOME:-/nonexistent}/.bashrc" ] && . "$HOME/.bashrc"
true
`;

/**
 * Runs as root (docker): `bash -c SEALED _ <dir> <uid> <gid> <marker> <hide paths, one a line> <argv…>`.
 * Runs argv as uid:gid with fd 10 a pipe into <dir>/out, which only root can reach; moves the
 * hide paths into <dir> for the command's lifetime; afterwards kills every process of uid
 * (also those that left the session or dropped our marker) before the output is complete and
 * the hidden paths come back. Exit 120: setup failed (message on stderr); else argv's status.
 */
export const SEALED = `
set -u
d=$1 uid=$2 gid=$3 marker=$4 hide=$5
shift 5
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing in the image" >&2; exit 120; }
umask 077
rm -rf -- "$d" && mkdir -p -- "$d/hidden" || { echo "cannot create $d" >&2; exit 120; }
n=0
moved=()
while IFS= read -r p; do
  [ -n "$p" ] && [ -e "$p" ] || continue
  mv -- "$p" "$d/hidden/$n" || { echo "cannot hide $p" >&2; exit 120; }
  moved+=("$p"); n=$((n + 1))
done <<< "$hide"
exec 10> >(exec cat > "$d/out")
__as_cat=$!
${EXEC_MARKER_VAR}="$marker" setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
rc=$?
exec 10>&-
__as_left() { local d u; for d in /proc/[0-9]*; do u=; while read -r k v _; do [ "$k" = Uid: ] && { u=$v; break; }; done < "$d/status" 2>/dev/null; [ "$u" = "$uid" ] && return 0; done; return 1; }
for i in 1 2 3 4 5 6 7 8 9 10; do
  setpriv --reuid="$uid" --regid="$gid" --clear-groups -- bash -c 'kill -9 -1' 2>/dev/null
  __as_left || break
done
if __as_left; then echo "processes of uid $uid survived the sweep" >&2; rc=121; fi
wait "$__as_cat"
i=0
for p in "\${moved[@]}"; do
  rm -rf -- "$p"; mv -- "$d/hidden/$i" "$p" || { echo "cannot restore $p" >&2; rc=120; }
  i=$((i + 1))
done
rmdir -- "$d/hidden" 2>/dev/null; rmdir -- "$d" 2>/dev/null
exit $rc
`;

/** Runs as root (docker): `bash -c SEALED_READ _ <dir>`: the sealed output, then it goes (the folder too once SEALED has put every hidden path back). */
export const SEALED_READ = `cat -- "$1/out" 2>/dev/null; rm -f -- "$1/out"; rmdir -- "$1" 2>/dev/null; true`;

/** Runs as root (docker): prints how many processes the OOM killer has killed in the container's
 * memory cgroup (v2 memory.events, v1 memory.oom_control), "-" when neither is readable. */
export const MEMORY_EVENTS = `
k=-
if [ -r /sys/fs/cgroup/memory.events ]; then
  while read -r a b; do [ "$a" = oom_kill ] && k=$b; done < /sys/fs/cgroup/memory.events
elif [ -r /sys/fs/cgroup/memory/memory.oom_control ]; then
  while read -r a b; do [ "$a" = oom_kill ] && k=$b; done < /sys/fs/cgroup/memory/memory.oom_control
fi
echo "$k"
`;

/** Runs as the agent when none of its commands is running any more: kills every process of
 * that uid (kill(-1) reaches all of them but itself in one pass under the kernel's task list
 * lock, so a fork bomb cannot outrun it), including those that left the session and the
 * exec marker (`setsid env -i …`). */
export const SWEEP_USER = `kill -9 -1 2>/dev/null; kill -9 -1 2>/dev/null; exit 0`;

/**
 * Runs as root: `bash -c DISK_USAGE _ <state dir> <uid> <gid> <sweep|->`. With `sweep` (and
 * setpriv in the image; else exit 99), first kills every process of uid as SWEEP_USER does —
 * one command instead of two once an agent command ends. Then prints "<bytes> <inodes>" held
 * where that user can write: the directories it may write to (found once, the list kept in the
 * state dir) with everything under them. Few processes: this runs after every agent command.
 */
export const DISK_USAGE = `
if [ "$4" = sweep ]; then
  setpriv --reuid="$2" --regid="$3" --clear-groups -- kill -9 -1 2>/dev/null
  [ $? -le 1 ] || exit 99
fi
list="$1/writable-dirs"
if [ ! -e "$list" ]; then
  find / \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o -type d \\( -perm -0002 -o -uid "$2" -o -gid "$3" \\) -prune -print0 2>/dev/null > "$list.tmp"
  mv -f -- "$list.tmp" "$list"
fi
kib=0 inodes=0
if [ -s "$list" ]; then
  while read -r n _; do kib=$n; done < <(du -skxc --files0-from="$list" 2>/dev/null)
  while read -r n _; do inodes=$n; done < <(du -sxc --inodes --files0-from="$list" 2>/dev/null)
fi
echo "$((kib * 1024)) $inodes"
`;

/** Runs as the agent (root may not look at another user's open files without CAP_SYS_PTRACE):
 * prints the bytes held by files its processes deleted but keep open. */
export const DELETED_HELD = `held=0
while read -r _ blocks; do held=$((held + blocks)); done < <(find -L /proc/[0-9]*/fd -maxdepth 1 -type f -links 0 -printf '%i %b\\n' 2>/dev/null | sort -u)
echo "$((held * 512)) 0"`;
