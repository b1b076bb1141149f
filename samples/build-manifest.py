#!/usr/bin/env python3
"""Rebuild samples/manifest.json from the captured logs and captures.tsv.

Everything except the command line / capture date (captures.tsv) is read
from the log files themselves:

  operations   - every `Making request for OperationModel(name=X)` line, in order
  service      - signing name from the StringToSign credential scope (SigV2 or
                 an unsigned call, which have none: the model's signing name)
  region       - signing region from the StringToSign credential scope (SigV2 or
                 unsigned: the client's region in the params dict's context)
  attempts     - number of `Sending http request:` lines
  retries      - attempts > number of operations
  http_status  - status codes of the urllib3 `"POST / HTTP/1.1" 200 123` lines
  hosts        - host part of the `Sending http request: ... url=` lines
  protocol     - metadata.protocol of the service-2.json the log says it loaded
  wire_protocol- the protocol botocore actually used: the first entry of
                 metadata.protocols in botocore's priority order
                 (botocore.utils.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS)

Needs botocore installed (it reads the model files named in the logs).
Usage: python3 samples/build-manifest.py
"""
import csv
import gzip
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The model override used for the cloudwatch-put-metric-data-cbor*.log samples (see README).
CBOR_OVERRIDE_DIR = "/tmp/cap/cbor-data"

VARIANTS = [
    # (derived file, source file, variant kind)
    ("sns-publish.oneline.log", "sns-publish.log", "oneline"),
    ("sqs-send-message.crlf.log", "sqs-send-message.log", "crlf"),
]

OP_RE = re.compile(r"Making request for OperationModel\(name=(\w+)\)")
SCOPE_RE = re.compile(r"^\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request$", re.M)
SEND_RE = re.compile(r"Sending http request: <AWSPreparedRequest [^>]*?url=(https?://[^/,]+)")
# urllib3's status line, whatever the logging layout before it (the Lambda runtime's has no logger name).
STATUS_RE = re.compile(r'\shttps?://\S+ "[A-Z]+ \S+ HTTP/1\.1" (\d{3}) ')
CLIENT_REGION_RE = re.compile(r"'client_region': '([a-z0-9-]+)'")
MODEL_RE = re.compile(r"Loading JSON file: (\S+/service-2\.json(?:\.gz)?)$", re.M)


def ensure_cbor_override(path):
    """Recreate the model override of `path` (cloudwatch's, gamelift's) exactly as it was made for the capture."""
    import botocore

    relative = os.path.relpath(path, CBOR_OVERRIDE_DIR)
    dst = os.path.join(CBOR_OVERRIDE_DIR, relative)
    if os.path.exists(dst):
        return
    src = os.path.join(os.path.dirname(botocore.__file__), "data", relative + ".gz")
    with gzip.open(src, "rt") as fh:
        model = json.load(fh)
    model["metadata"]["protocols"] = ["smithy-rpc-v2-cbor"]
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w") as fh:
        json.dump(model, fh)


def load_metadata(path):
    if path.startswith(CBOR_OVERRIDE_DIR):
        ensure_cbor_override(path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as fh:
        return json.load(fh)["metadata"]


def describe(text):
    from botocore.utils import PRIORITY_ORDERED_SUPPORTED_PROTOCOLS as PRIORITY

    ops = OP_RE.findall(text)
    models = MODEL_RE.findall(text)
    if len(set(models)) != 1:
        raise SystemExit(f"expected exactly one service-2 model, got {models}")
    meta = load_metadata(models[0])
    scopes = sorted(set(SCOPE_RE.findall(text)))
    if not scopes:
        # SigV2 (HmacV1) or an unsigned call (--no-sign-request): no scope to read.
        scopes = [(region, meta.get("signingName", meta["endpointPrefix"])) for region in sorted(set(CLIENT_REGION_RE.findall(text)))]
    if len(scopes) != 1:
        raise SystemExit(f"expected exactly one credential scope, got {scopes}")
    service, region = scopes[0][1], scopes[0][0]
    protocols = meta.get("protocols", [meta["protocol"]])
    wire = next(p for p in PRIORITY if p in protocols)
    attempts = len(SEND_RE.findall(text))
    return {
        "protocol": meta["protocol"],
        "wire_protocol": wire,
        "operations": ops,
        "service": service,
        "region": region,
        "retries": attempts > len(ops),
        "attempts": attempts,
        "http_status": [int(s) for s in STATUS_RE.findall(text)],
        "hosts": sorted(set(SEND_RE.findall(text))),
        "canonical_requests": text.count("CanonicalRequest:"),
    }


def messages(log):
    """The log, each record of a JSON log (the Lambda runtime's JSON format) as its message."""
    return "\n".join(json.loads(line)["message"] if line.startswith('{"timestamp"') else line for line in log.split("\n"))


def main():
    with open(os.path.join(HERE, "captures.tsv"), newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = []
    by_file = {}
    for row in rows:
        with open(os.path.join(HERE, row["file"]), encoding="utf-8") as fh:
            text = messages(fh.read())
        entry = {
            "file": row["file"],
            "command": row["command"],
            "endpoint": row["endpoint"],
            "captured_utc": row["captured_utc"],
            "exit_code": int(row["exit_code"]),
        }
        entry.update(describe(text))
        if not entry["operations"]:
            raise SystemExit(f"{row['file']}: no operation")
        out.append(entry)
        by_file[row["file"]] = entry
    for derived, source, kind in VARIANTS:
        entry = dict(by_file[source])
        entry["file"] = derived
        entry["derived_from"] = source
        entry["variant"] = kind
        entry["generated_by"] = "make-variants.sh"
        out.append(entry)
    with open(os.path.join(HERE, "manifest.json"), "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")
    print(f"wrote {len(out)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
