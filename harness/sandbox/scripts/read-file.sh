# shellcheck shell=bash
# Runs as the agent: bash -c "$READ_FILE" _ <path> <max bytes>. Exit 3: a directory; 4: missing;
# 6: larger than max.
if [ -d "$1" ]; then echo "is a directory" >&2; exit 3; fi
if [ ! -e "$1" ]; then echo "no such file" >&2; exit 4; fi
[ "$(stat -L -c %s -- "$1")" -le "$2" ] || { echo "larger than $2 bytes" >&2; exit 6; }
exec cat -- "$1"
