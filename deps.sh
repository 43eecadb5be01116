#!/bin/sh
# deps.sh PKG...: install the Debian packages that are missing, or say which.
# Used by `make run`, `make test` and `make bench`; CI runs as root.
set -u
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps.sh: installing:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	echo "deps.sh: please install these Debian packages as root:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list finds nothing: refresh it once, then install.
$SUDO apt-get install -y --no-install-recommends $missing >/dev/null 2>&1 || {
	$SUDO apt-get update -q >/dev/null &&
	$SUDO apt-get install -y -q --no-install-recommends $missing
} || {
	echo "deps.sh: could not install:$missing" >&2
	exit 1
}
