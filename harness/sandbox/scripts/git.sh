# shellcheck shell=bash
# Defines g: git with no host or image configuration that could change a commit or a diff
# (hooks, autocrlf, signing, ownership checks).
g() { git -c safe.directory='*' -c core.autocrlf=false -c core.safecrlf=false -c commit.gpgSign=false -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }
