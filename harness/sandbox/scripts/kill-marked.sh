# shellcheck shell=bash
# Runs as root (docker) to kill an exec's stragglers from outside:
# bash -c "$KILL_MARKED" _ <marker value>  (after sweep-marked.sh).
__as_marker="ATOMIC_SKILLS_EXEC=$1"

__as_sweep
exit 0
