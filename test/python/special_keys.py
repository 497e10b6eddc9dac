"""Round-trips each key through boto3: put, list, get, copy, and presigned GET URLs.

Reads from stdin: {"endpoint": URL, "bucket": NAME, "copyBucket": NAME, "keys": [KEY, ...]}.
The body of each object is "content of " + KEY. Credentials and region come from the
AWS_* environment variables. Prints one result per key, in order:
{"key", "put", "listed", "body", "copyBody", "urlV4", "urlV2"}, where an operation that
raised has "error: " and the message instead of its value.
"""

import json
import sys

import boto3
from botocore.config import Config


def attempt(action):
    try:
        return action()
    except Exception as error:  # reported per key, so one failure does not hide the rest
        return "error: %s: %s" % (type(error).__name__, error)


def main():
    job = json.load(sys.stdin)
    endpoint = job["endpoint"]
    bucket = job["bucket"]
    copy_bucket = job["copyBucket"]
    s3 = boto3.client("s3", endpoint_url=endpoint)
    s3v4 = boto3.client("s3", endpoint_url=endpoint, config=Config(signature_version="s3v4"))
    results = []
    for key in job["keys"]:
        body = ("content of " + key).encode("utf-8")

        def put():
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            return "ok"

        def listed():
            response = s3.list_objects_v2(Bucket=bucket, Prefix=key)
            return [entry["Key"] for entry in response.get("Contents", [])]

        def get():
            return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")

        def copy():
            s3.copy_object(Bucket=copy_bucket, Key=key, CopySource={"Bucket": bucket, "Key": key})
            return s3.get_object(Bucket=copy_bucket, Key=key)["Body"].read().decode("utf-8")

        results.append(
            {
                "key": key,
                "put": attempt(put),
                "listed": attempt(listed),
                "body": attempt(get),
                "copyBody": attempt(copy),
                "urlV4": attempt(
                    lambda: s3v4.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=600)
                ),
                "urlV2": attempt(
                    lambda: s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=600)
                ),
            }
        )
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
