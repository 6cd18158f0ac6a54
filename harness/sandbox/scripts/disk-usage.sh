# shellcheck shell=bash
# Runs as root: bash -c "$DISK_USAGE" _ <state dir> <uid> <gid> <sweep|->. With `sweep` (and
# setpriv in the image; else exit 99), first kills every process of uid as sweep-user.sh does —
# one command instead of two once an agent command ends. Then prints "<bytes> <inodes>" held
# where that user can write: the directories it may write to (found once, the list kept in the
# state dir) with everything under them. Few processes: this runs after every agent command.
if [ "$4" = sweep ]; then
  setpriv --reuid="$2" --regid="$3" --clear-groups -- kill -9 -1 2>/dev/null
  [ $? -le 1 ] || exit 99
fi
list="$1/writable-dirs"
if [ ! -e "$list" ]; then
  find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o -type d \( -perm -0002 -o -uid "$2" -o -gid "$3" \) -prune -print0 2>/dev/null > "$list.tmp"
  mv -f -- "$list.tmp" "$list"
fi
kib=0 inodes=0
if [ -s "$list" ]; then
  while read -r n _; do kib=$n; done < <(du -skxc --files0-from="$list" 2>/dev/null)
  while read -r n _; do inodes=$n; done < <(du -sxc --inodes --files0-from="$list" 2>/dev/null)
fi
echo "$((kib * 1024)) $inodes"
