# shellcheck shell=bash
# Runs as root (docker): prints how many processes the OOM killer has killed in the container's
# memory cgroup (v2 memory.events, v1 memory.oom_control), "-" when neither is readable.
k=-
if [ -r /sys/fs/cgroup/memory.events ]; then
  while read -r a b; do [ "$a" = oom_kill ] && k=$b; done < /sys/fs/cgroup/memory.events
elif [ -r /sys/fs/cgroup/memory/memory.oom_control ]; then
  while read -r a b; do [ "$a" = oom_kill ] && k=$b; done < /sys/fs/cgroup/memory/memory.oom_control
fi
echo "$k"
