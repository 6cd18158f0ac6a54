# shellcheck shell=bash
# Runs as the agent user: bash -c "$EXEC_WRAPPER" _ <cwd> <seconds> <cmd>  (after sweep-marked.sh).
# `timeout` puts the command in its own process group and SIGKILLs the whole group when time
# runs out; the sweep then removes anything that left the group (setsid) and any background job
# still holding stdout open, so every exec ends with nothing left running.

# Out of memory, the kernel kills the agent's processes first, never the harness's (the exec
# relay is a small root process: many smaller agent processes would otherwise outrank it).
echo 1000 > /proc/self/oom_score_adj 2>/dev/null
__as_marker="ATOMIC_SKILLS_EXEC=${ATOMIC_SKILLS_EXEC:-}"
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
[ -n "${ATOMIC_SKILLS_EXEC:-}" ] && __as_sweep
exit $__as_rc
