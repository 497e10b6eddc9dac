#!/usr/bin/env bash
# Installs what `npm run bench` compares Coffer with and drives it by, besides the npm
# packages: nginx (the web server baseline), wrk (the HTTP load generator) and ab from
# apache2-utils (for HEAD, whose bodiless responses wrk 4.1 waits on), all from Debian's
# packages. The nginx service is not started; the benchmark runs its own nginx
# from a generated configuration. python3 with boto3 is expected on the machine already.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

packages=()
command -v wrk >/dev/null 2>&1 || packages+=(wrk)
command -v ab >/dev/null 2>&1 || packages+=(apache2-utils)
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  packages+=(nginx)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  as_root apt-get update -qq
  # Another apt process may hold the dpkg lock; wait for it rather than fail.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o DPkg::Lock::Timeout=600 --no-install-recommends "${packages[@]}" >/dev/null
  # Debian starts the packaged service on installation; the benchmark does not use it.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
    as_root systemctl stop nginx || true
  fi
fi

status=0
if ! python3 -c 'import boto3' >/dev/null 2>&1; then
  echo "install-bench-tools: the python3 module boto3 is not installed; the presign comparison needs it" >&2
  status=1
fi
exit "$status"
