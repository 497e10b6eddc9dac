"""Presigns S3 object requests with boto3 at a frozen clock and prints the URLs as JSON.

Reads from stdin: {"cases": [{"method": "GET" | "PUT" | "HEAD" | "DELETE", "bucket": NAME,
"key": KEY, "versionId": ID or null, "query": {response-* name: value}, "headers":
{"content-type" or "x-amz-meta-NAME": value}, "endpoint": URL or null for Amazon S3,
"region": REGION, "addressing": "path" | "virtual" | null, "expiresIn": SECONDS,
"signingDate": "YYYY-MM-DDTHH:MM:SSZ", "credentials": {"accessKeyId", "secretAccessKey",
"sessionToken" or null}}]}.
Prints {"urls": [URL, ...]} in the order of the cases.

boto3 writes the request's query parameters in the order of its Params dict, so they are
given here sorted by query name (response-* before versionId), which is the order of the
S3 model's members as well.
"""

import datetime
import json
import sys
from unittest import mock

import boto3
import botocore.auth
from botocore.config import Config

OPERATIONS = {"GET": "get_object", "PUT": "put_object", "HEAD": "head_object", "DELETE": "delete_object"}
QUERY_PARAMS = {
    "response-cache-control": "ResponseCacheControl",
    "response-content-disposition": "ResponseContentDisposition",
    "response-content-encoding": "ResponseContentEncoding",
    "response-content-language": "ResponseContentLanguage",
    "response-content-type": "ResponseContentType",
    "versionId": "VersionId",
}


def frozen_clock(moment):
    """Makes botocore's signers read `moment` (naive UTC) as the current time."""
    if hasattr(botocore.auth, "get_current_datetime"):
        return mock.patch.object(botocore.auth, "get_current_datetime", lambda *args, **kwargs: moment)

    # Older botocore reads datetime.datetime.utcnow() directly.
    class FrozenDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return moment

    return mock.patch.object(botocore.auth.datetime, "datetime", FrozenDatetime)


def make_client(case):
    creds = case["credentials"]
    style = case.get("addressing") or ("path" if case.get("endpoint") else None)
    config = Config(signature_version="s3v4", s3={"addressing_style": style} if style else {})
    return boto3.client(
        "s3",
        region_name=case["region"],
        endpoint_url=case.get("endpoint"),
        config=config,
        aws_access_key_id=creds["accessKeyId"],
        aws_secret_access_key=creds["secretAccessKey"],
        aws_session_token=creds.get("sessionToken"),
    )


def params_for(case):
    params = {"Bucket": case["bucket"], "Key": case["key"]}
    metadata = {}
    for name, value in (case.get("headers") or {}).items():
        if name == "content-type":
            params["ContentType"] = value
        elif name.startswith("x-amz-meta-"):
            metadata[name[len("x-amz-meta-"):]] = value
        else:
            raise ValueError(f"no boto3 parameter for the header {name}")
    if metadata:
        params["Metadata"] = metadata
    query = dict(case.get("query") or {})
    if case.get("versionId") is not None:
        query["versionId"] = case["versionId"]
    for name in sorted(query):
        params[QUERY_PARAMS[name]] = query[name]
    return params


def main():
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    clients = {}
    urls = []
    for case in job["cases"]:
        creds = case["credentials"]
        client_key = json.dumps(
            [case.get("endpoint"), case["region"], case.get("addressing"), creds], sort_keys=True
        )
        if client_key not in clients:
            clients[client_key] = make_client(case)
        moment = datetime.datetime.strptime(case["signingDate"], "%Y-%m-%dT%H:%M:%SZ")
        with frozen_clock(moment):
            urls.append(
                clients[client_key].generate_presigned_url(
                    OPERATIONS[case["method"]], Params=params_for(case), ExpiresIn=case["expiresIn"]
                )
            )
    json.dump({"urls": urls}, sys.stdout)


if __name__ == "__main__":
    main()
