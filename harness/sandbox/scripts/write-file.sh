# shellcheck shell=bash
# Runs as the agent: bash -c "$WRITE_FILE" _ <path> [<octal mode>], data on stdin. Creates
# parents; an existing file keeps its mode unless one is given. Exit 3: path is a directory.
if [ -d "$1" ]; then echo "is a directory" >&2; exit 3; fi
mkdir -p -- "$(dirname -- "$1")" || exit 2
cat > "$1" || exit 2
if [ -n "${2:-}" ]; then chmod -- "$2" "$1" || exit 2; fi
