# shellcheck shell=bash
# Runs as the agent (root may not look at another user's open files without CAP_SYS_PTRACE):
# prints the bytes held by files its processes deleted but keep open.
held=0
while read -r _ blocks; do held=$((held + blocks)); done < <(find -L /proc/[0-9]*/fd -maxdepth 1 -type f -links 0 -printf '%i %b\n' 2>/dev/null | sort -u)
echo "$((held * 512)) 0"
