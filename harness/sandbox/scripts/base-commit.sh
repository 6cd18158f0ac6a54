# shellcheck shell=bash
# bash -c "$BASE_COMMIT" _ <testbed> <base git dir> [<owner uid:gid>]  (after git.sh): replaces any
# history in the testbed with ONE commit of its current files, keeps a private copy of that
# repository as the diff base (ignoring caches that test runs leave: __pycache__, node_modules…),
# then hands the tree to the sandbox user. Prints the base commit hash.
set -eu
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
printf '%s
' __pycache__/ '*.pyc' .pytest_cache/ .coverage node_modules/ > "$2/info/exclude"
if [ -n "${3:-}" ]; then chown -R "$3" -- "$1"; fi
g rev-parse HEAD
