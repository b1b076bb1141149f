#!/usr/bin/env bash
# Regenerates the derived "messy" sample variants from the captured logs.
# Deterministic: same input -> byte-identical output. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"

# sns-publish.oneline.log: every newline replaced by a single space
# (simulates a log pasted from a web page that lost its line breaks).
# The final newline of the input becomes a trailing space; no newline is added.
tr '\n' ' ' < sns-publish.log > sns-publish.oneline.log

# sqs-send-message.crlf.log: same content with CRLF line endings.
sed 's/$/\r/' sqs-send-message.log > sqs-send-message.crlf.log
