"""Captures boto3 debug logs in the layouts Python programs write, as opposed to the AWS CLI's.

Usage: python3 samples/capture-python-layouts.py LAYOUT ENDPOINT > samples/FILE
(the log goes to stdout; see captures.tsv for the exact runs). Each layout is configured the
way its programs do it, and the call is a real boto3 call against ENDPOINT (moto):

- basicconfig: `logging.basicConfig(level=logging.DEBUG)`, Python's default layout
  `%(levelname)s:%(name)s:%(message)s`, as a script that only turns logging on gets it.
- howto: the Python logging HOWTO's layout `%(asctime)s - %(name)s - %(levelname)s - %(message)s`.
- lambda: the AWS Lambda Python runtime's layout, configured as awslambdaric's bootstrap does
  (`[%(levelname)s]\\t%(asctime)s.%(msecs)03dZ\\t%(aws_request_id)s\\t%(message)s\\n`, UTC, the
  handler writing each message as is) with a fixed invocation request id.
- lambda-json: the same runtime with the function's log format set to JSON (Lambda's advanced
  logging controls): one JSON object per record, as awslambdaric's JsonFormatter writes it
  (`timestamp`, `level`, `message`, `logger`, `requestId`, keys whose value is None left out,
  `json.JSONEncoder(ensure_ascii=False)`), with a fixed invocation request id.
"""
import json
import logging
import sys
import time
from datetime import datetime, timezone

import boto3

REQUEST_ID = "8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31"


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = REQUEST_ID
        return True


class LambdaJsonFormatter(logging.Formatter):
    """awslambdaric's JsonFormatter (lambda_runtime_log_utils.py) for records without exc_info."""

    def format(self, record):
        created = datetime.fromtimestamp(record.created, tz=timezone.utc)
        result = {
            "timestamp": created.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": logging.getLevelName(min(50, max(0, record.levelno)) // 10 * 10),
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", None),
        }
        return json.JSONEncoder(ensure_ascii=False).encode({k: v for k, v in result.items() if v is not None}) + "\n"


def configure(layout):
    if layout == "basicconfig":
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)
    elif layout == "howto":
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(asctime)s - %(name)s - %(levelname)s - %(message)s")
    elif layout == "lambda":
        logging.Formatter.converter = time.gmtime
        handler = logging.StreamHandler(sys.stdout)
        handler.terminator = ""
        handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
        handler.addFilter(RequestIdFilter())
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
    elif layout == "lambda-json":
        handler = logging.StreamHandler(sys.stdout)
        handler.terminator = ""
        handler.setFormatter(LambdaJsonFormatter())
        handler.addFilter(RequestIdFilter())
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
    else:
        raise SystemExit(f"unknown layout {layout} (basicconfig, howto, lambda, lambda-json)")


def call(layout, endpoint):
    if layout == "basicconfig":
        boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1").send_message(
            QueueUrl=f"{endpoint}/123456789012/jobs", MessageBody="Hello from a script", DelaySeconds=5
        )
    elif layout == "howto":
        boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1").publish(
            TopicArn="arn:aws:sns:us-east-1:123456789012:orders", Message="order 42 shipped", Subject="Orders"
        )
    elif layout == "lambda-json":
        boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1").send_message(
            QueueUrl=f"{endpoint}/123456789012/jobs", MessageBody='order "42" shipped\nC:\\exports — ünïcode'
        )
    else:
        boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1").put_item(
            TableName="Orders", Item={"id": {"S": "42"}, "total": {"N": "9.99"}, "paid": {"BOOL": True}}
        )


if __name__ == "__main__":
    layout, endpoint = sys.argv[1], sys.argv[2]
    configure(layout)
    call(layout, endpoint)
