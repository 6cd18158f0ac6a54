# shellcheck shell=bash
# Runs as root (docker): bash -c "$SEALED" _ <dir> <uid> <gid> <marker> <hide paths, one a line>
# <folders to empty afterwards, one a line> <argv…>.
# Runs argv as uid:gid with fd 10 a pipe into <dir>/out, which only root can reach; moves the
# hide paths into <dir> for the command's lifetime; afterwards kills every process of uid (also
# those that left the session or dropped our marker) before the output is complete and the
# hidden paths come back. Exit 120: setup failed (message on stderr); 121: a process of uid
# survived the sweep; else argv's status.
set -u
d=$1 uid=$2 gid=$3 marker=$4 hide=$5 scrub=$6
shift 6
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is missing in the image" >&2; exit 120; }
umask 077
# shellcheck disable=SC2015 # either step failing is the same setup failure
rm -rf -- "$d" && mkdir -p -- "$d/hidden" || { echo "cannot create $d" >&2; exit 120; }
n=0
moved=()
while IFS= read -r p; do
  # shellcheck disable=SC2015 # skip empty lines and paths that are not there
  [ -n "$p" ] && [ -e "$p" ] || continue
  mv -- "$p" "$d/hidden/$n" || { echo "cannot hide $p" >&2; exit 120; }
  moved+=("$p"); n=$((n + 1))
done <<< "$hide"
exec 10> >(exec cat > "$d/out")
__as_cat=$!
# The pipe is root's: hand it to the user, so /dev/fd/10 can be opened by path too (node does).
chown "$uid:$gid" "/proc/$$/fd/10" 2>/dev/null || chmod 0666 "/proc/$$/fd/10" 2>/dev/null
ATOMIC_SKILLS_EXEC="$marker" setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
rc=$?
exec 10>&-
# Whether a process of uid is left. A zombie does not count: it runs nothing and holds no fd, and
# under load init may take a while to reap what the sweep killed.
__as_left() {
  local d u st k v
  for d in /proc/[0-9]*; do
    u='' st=''
    while read -r k v _; do
      case $k in State:) st=$v ;; Uid:) u=$v; break ;; esac
    done 2>/dev/null < "$d/status"
    [ "$u" = "$uid" ] && [ "$st" != Z ] && return 0
  done
  return 1
}
# A killed process may take a while to go on a loaded host (one in uninterruptible I/O dies only
# when the I/O ends): sweep again for up to about 15 s, quickly at first, before calling it a survivor.
for i in $(seq 1 60); do
  setpriv --reuid="$uid" --regid="$gid" --clear-groups -- bash -c 'kill -9 -1' 2>/dev/null
  __as_left || break
  if [ "$i" -le 20 ]; then sleep 0.05; else sleep 0.35; fi
done
if __as_left; then echo "processes of uid $uid survived the sweep" >&2; rc=121; fi
wait "$__as_cat"
# Empty the folders asked (temp folders, the user's home): nothing the command left there reaches a later one.
while IFS= read -r p; do
  [ -n "$p" ] && [ -d "$p" ] && find "$p" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + 2>/dev/null
done <<< "$scrub"
i=0
for p in "${moved[@]}"; do
  rm -rf -- "$p"; mv -- "$d/hidden/$i" "$p" || { echo "cannot restore $p" >&2; rc=120; }
  i=$((i + 1))
done
rmdir -- "$d/hidden" 2>/dev/null; rmdir -- "$d" 2>/dev/null
exit $rc
