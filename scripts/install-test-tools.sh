#!/usr/bin/env bash
# Installs the programs the test suite drives besides the npm packages: s3cmd, rclone and
# Chromium (for the browser upload tests) from Debian's packages. aws-cli, python3 with
# boto3, and curl are expected on the machine already; this script checks for them and
# says what is missing.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for tool in s3cmd rclone chromium; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

status=0
for tool in aws python3 curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-test-tools: $tool is not installed; the tests need it" >&2
    status=1
  fi
done
if ! python3 -c 'import boto3' >/dev/null 2>&1; then
  echo "install-test-tools: the python3 module boto3 is not installed; the tests need it" >&2
  status=1
fi
exit "$status"
