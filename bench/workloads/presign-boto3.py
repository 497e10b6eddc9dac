"""Prints how many presigned GET URLs boto3's generate_presigned_url makes per second.

Arguments: ENDPOINT SECONDS. The client is made once, as an application would, so the
rate covers signing only. Prints one JSON line: {"urlsPerSecond": N}.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, seconds = sys.argv[1], float(sys.argv[2])
client = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="AKIDBENCHMARK0000000",
    aws_secret_access_key="benchmark/secret/key/0000000000000000000",
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
)
params = {"Bucket": "bench", "Key": "small-4k.bin"}
for _ in range(200):
    client.generate_presigned_url("get_object", Params=params, ExpiresIn=3600)
count = 0
started = time.perf_counter()
deadline = started + seconds
while time.perf_counter() < deadline:
    for _ in range(100):
        client.generate_presigned_url("get_object", Params=params, ExpiresIn=3600)
    count += 100
elapsed = time.perf_counter() - started
print(json.dumps({"urlsPerSecond": count / elapsed}))
