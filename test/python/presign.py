"""Presigns S3 requests with boto3 and prints the URLs as JSON.

Reads from stdin: {"endpoint": URL, "requests": [{"operation": "get_object" | "put_object",
"bucket": NAME, "key": KEY, "expires": SECONDS or null for the boto3 default,
"signature": "default" | "s3v4" | "s3", "params": {extra request parameters}}]}.
"s3" is Signature Version 2.
Credentials and region come from the AWS_* environment variables.
Prints {"urls": [URL, ...]} in the order of the requests.
"""

import json
import sys

import boto3
from botocore.config import Config


def client(endpoint, signature):
    config = Config(signature_version=signature) if signature in ("s3v4", "s3") else None
    return boto3.client("s3", endpoint_url=endpoint, config=config)


def main():
    job = json.load(sys.stdin)
    clients = {}
    urls = []
    for request in job["requests"]:
        signature = request.get("signature", "default")
        if signature not in clients:
            clients[signature] = client(job["endpoint"], signature)
        params = {"Bucket": request["bucket"], "Key": request["key"], **request.get("params", {})}
        kwargs = {"Params": params}
        if request.get("expires") is not None:
            kwargs["ExpiresIn"] = request["expires"]
        urls.append(clients[signature].generate_presigned_url(request["operation"], **kwargs))
    json.dump({"urls": urls}, sys.stdout)


if __name__ == "__main__":
    main()
