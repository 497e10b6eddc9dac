"""Runs boto3 calls with given credentials and prints each outcome as JSON.

Reads from stdin: {"endpoint": URL, "calls": [{"credentials": {"aws_access_key_id": ...,
"aws_secret_access_key": ..., "aws_session_token": ... (optional)} or null for an unsigned
request, "service": "s3" | "iam" | "sts", "operation": a boto3 client method such as
"get_object" or "generate_presigned_post", "params": {keyword arguments}}]}.
Prints {"results": [...]} in call order: {"ok": true, "data": RESPONSE} with a streamed Body
read as text, or {"ok": false, "code": ERROR CODE, "status": HTTP STATUS, "message": TEXT}.
Each call is tried once; nothing is retried.
"""

import json
import sys

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError


def make_client(endpoint, service, credentials):
    options = {"retries": {"total_max_attempts": 1}, "s3": {"addressing_style": "path"}}
    if credentials is None:
        options["signature_version"] = UNSIGNED
    elif service == "s3":
        options["signature_version"] = "s3v4"
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(**options),
        **(credentials or {"aws_access_key_id": "unused", "aws_secret_access_key": "unused"}),
    )


def readable(response):
    """Returns the response without its metadata, with a streamed body read as text."""
    data = {}
    for name, value in response.items():
        if name == "ResponseMetadata":
            continue
        if hasattr(value, "read"):
            value = value.read().decode("utf-8", "replace")
        data[name] = value
    return data


def run(endpoint, call):
    client = make_client(endpoint, call.get("service", "s3"), call.get("credentials"))
    method = getattr(client, call["operation"])
    try:
        response = method(**call.get("params", {}))
    except ClientError as error:
        details = error.response.get("Error", {})
        return {
            "ok": False,
            "code": details.get("Code"),
            "status": error.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "message": details.get("Message"),
        }
    if isinstance(response, dict):
        response = readable(response)
    return {"ok": True, "data": response}


def main():
    job = json.load(sys.stdin)
    results = [run(job["endpoint"], call) for call in job["calls"]]
    json.dump({"results": results}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
