# shellcheck shell=bash
# bash -c "$DIFF" _ <testbed> <base git dir> <max bytes>  (after git.sh): everything under the
# testbed that differs from the base commit (untracked files, deletions, renames, modes, binaries)
# as a git-apply-able patch. A throwaway index inside the base repo keeps the agent's own index
# untouched. Exit 3 (the path on stderr): a new or resized file larger than the patch may be —
# refused before git hashes and compresses it (a 2 GiB file took minutes).
set -eu
export GIT_DIR="$2" GIT_WORK_TREE="$1" GIT_INDEX_FILE="$2/diff-index.$$"
trap 'rm -f -- "$GIT_INDEX_FILE" "$GIT_INDEX_FILE.lock"' EXIT
cd -- "$1"
while IFS= read -r -d '' f; do
  f=${f#./}
  [ "$(g cat-file -s "HEAD:$f" 2>/dev/null || echo none)" = "$(stat -c %s -- "$f")" ] && continue
  printf '%s\n' "$f" >&2
  exit 3
done < <(find . \( -name .git -o -name __pycache__ -o -name .pytest_cache -o -name node_modules \) -prune -o -type f -size +"$3"c -print0)
g read-tree HEAD
g add -A --ignore-errors -- . >/dev/null 2>&1 || true
g diff --cached --binary -M --full-index --no-color --no-ext-diff --no-textconv --src-prefix=a/ --dst-prefix=b/ HEAD
