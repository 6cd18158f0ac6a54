# shellcheck shell=bash
# atomic-skills sandbox profile
export PATH="${PATH:-/usr/bin:/bin:/usr/local/bin:/usr/sbin:/sbin}"
# shellcheck source=/dev/null
[ -n "${BASH_VERSION:-}" ] && [ -r "${HOME:-/nonexistent}/.bashrc" ] && . "$HOME/.bashrc"
true
