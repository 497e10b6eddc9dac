#!/usr/bin/env bash
# Walks through the presigned-URL flow against a running Coffer server. It makes a bucket,
# uploads Samples/books.xml and presigns it for 10 seconds with aws-cli and with boto3.
# It downloads both URLs with curl and compares, waits past the expiry, and checks that
# both URLs are then rejected with 403 AccessDenied "Request has expired".
# Exits non-zero at the first step whose outcome differs.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: examples/presign-flow.sh

Runs the presigned-URL flow against a Coffer server that is already running.

Environment:
  COFFER_ENDPOINT          server URL (default http://127.0.0.1:9000)
  AWS_ACCESS_KEY_ID        access key id of the server
  AWS_SECRET_ACCESS_KEY    secret access key of the server
                           (both default to the pair in COFFER_CREDENTIALS_FILE)
  COFFER_CREDENTIALS_FILE  credentials file a server writes when it generates them
                           (default ./data/root-credentials.json)
  AWS_DEFAULT_REGION       region (default us-east-1)
  COFFER_BUCKET            bucket to create (default presign-flow-<time>-<random>)
  PRESIGN_EXPIRES          URL lifetime in seconds (default 10)

Needs aws (aws-cli), python3 with boto3, and curl.
EOF
}

fail() {
  echo "presign-flow: FAILED: $*" >&2
  exit 1
}

step() {
  echo "presign-flow: $*"
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  exit 0
fi
if [[ $# -gt 0 ]]; then
  usage >&2
  exit 2
fi

endpoint="${COFFER_ENDPOINT:-http://127.0.0.1:9000}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
credentials_file="${COFFER_CREDENTIALS_FILE:-./data/root-credentials.json}"
bucket="${COFFER_BUCKET:-presign-flow-$(date +%s)-${RANDOM}}"
expires="${PRESIGN_EXPIRES:-10}"

for tool in aws python3 curl cmp; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done

if [[ -z "${AWS_ACCESS_KEY_ID:-}" || -z "${AWS_SECRET_ACCESS_KEY:-}" ]]; then
  if [[ ! -r "$credentials_file" ]]; then
    usage >&2
    echo >&2
    fail "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or point COFFER_CREDENTIALS_FILE at a readable credentials file"
  fi
  AWS_ACCESS_KEY_ID="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["accessKeyId"])' "$credentials_file")"
  AWS_SECRET_ACCESS_KEY="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["secretAccessKey"])' "$credentials_file")"
fi
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

work="$(mktemp -d)"
bucket_made=0
cleanup() {
  if [[ "$bucket_made" == 1 ]]; then
    aws --endpoint-url "$endpoint" s3 rb "s3://$bucket" --force >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

key="Samples/books.xml"
books="$work/books.xml"
cat >"$books" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<catalog>
  <book id="b1">
    <author>Okafor, Adaeze</author>
    <title>Rivers Under the City</title>
    <genre>History</genre>
    <price>18.50</price>
    <published>2019-04-02</published>
  </book>
  <book id="b2">
    <author>Lindqvist, Maja</author>
    <title>A Field Guide to Quiet Machines</title>
    <genre>Technology</genre>
    <price>32.00</price>
    <published>2021-11-15</published>
  </book>
  <book id="b3">
    <author>Tanaka, Hiroshi</author>
    <title>The Lantern Keeper</title>
    <genre>Fiction</genre>
    <price>12.95</price>
    <published>2016-07-30</published>
  </book>
</catalog>
EOF

step "making bucket $bucket at $endpoint"
aws --endpoint-url "$endpoint" s3 mb "s3://$bucket" >/dev/null || fail "could not make bucket $bucket"
bucket_made=1

step "uploading $key"
aws --endpoint-url "$endpoint" s3 cp "$books" "s3://$bucket/$key" --content-type application/xml >/dev/null \
  || fail "could not upload $key"

# Prints a URL for the object that is valid for $expires seconds, signed by the tool $1.
presign() {
  case "$1" in
    aws-cli)
      aws --endpoint-url "$endpoint" s3 presign "s3://$bucket/$key" --expires-in "$expires"
      ;;
    boto3)
      python3 - "$endpoint" "$bucket" "$key" "$expires" <<'EOF'
import sys

import boto3

endpoint, bucket, key, expires = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint)
print(s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=int(expires)))
EOF
      ;;
  esac
}

# Prints the HTTP status of a GET of the URL $1 and writes the body to the file $2.
fetch() {
  curl -sS -o "$2" -w '%{http_code}' "$1"
}

# Each URL is downloaded right after it is signed, so a slow tool start-up cannot use up
# the short validity before curl runs.
declare -A urls
for name in aws-cli boto3; do
  step "presigning $key for $expires seconds with $name"
  urls[$name]="$(presign "$name")" || fail "$name could not presign $key"
  signed_at="$(date +%s)"
  step "downloading the $name URL with curl"
  status="$(fetch "${urls[$name]}" "$work/$name.xml")" || fail "curl could not download the $name URL"
  [[ "$status" == 200 ]] || fail "the $name URL answered HTTP $status, expected 200: $(cat "$work/$name.xml")"
  cmp -s "$books" "$work/$name.xml" || fail "the $name download differs from the uploaded $key"
done

wait_until=$((signed_at + expires + 2))
now="$(date +%s)"
if ((now < wait_until)); then
  step "waiting $((wait_until - now)) seconds for the URLs to expire"
  sleep "$((wait_until - now))"
fi

for name in aws-cli boto3; do
  url="${urls[$name]}"
  step "checking that the expired $name URL is rejected"
  status="$(fetch "$url" "$work/$name-expired.xml")" || fail "curl could not reach the server for the expired $name URL"
  body="$(cat "$work/$name-expired.xml")"
  [[ "$status" == 403 ]] || fail "the expired $name URL answered HTTP $status, expected 403: $body"
  [[ "$body" == *"<Code>AccessDenied</Code>"* ]] || fail "the expired $name URL did not answer <Code>AccessDenied</Code>: $body"
  [[ "$body" == *"Request has expired"* ]] || fail "the expired $name URL did not say \"Request has expired\": $body"
done

step "OK: both URLs downloaded $key while valid and were rejected after $expires seconds"
