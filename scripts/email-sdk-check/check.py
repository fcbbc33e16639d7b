"""Sends mail with the official Python Email SDK (azure-communication-email) through acs-emulator.

Reads ACS_CONNECTION_STRING (an https endpoint), ACS_EMAIL_SENDER and expects REQUESTS_CA_BUNDLE
to hold the emulator's CA. Each case sends with begin_send(...).result() and reads the message
back from the emulator's mailbox (GET /emulator/emails/{id}). Prints one line per case and a
final "N passed, N failed" line; exits non-zero on any failure.
"""

import base64
import json
import os
import ssl
import sys
import urllib.request
import uuid

from azure.communication.email import EmailClient
from azure.core.exceptions import HttpResponseError

PASSED = 0
FAILED = 0
CONNECTION_STRING = os.environ["ACS_CONNECTION_STRING"]
SENDER = os.environ["ACS_EMAIL_SENDER"]
ENDPOINT = CONNECTION_STRING.split("endpoint=", 1)[1].split(";", 1)[0].rstrip("/")
CONTEXT = ssl.create_default_context(cafile=os.environ["REQUESTS_CA_BUNDLE"])


def check(name, operation):
    global PASSED, FAILED
    try:
        detail = operation()
    except Exception as error:  # noqa: BLE001 - any failure is reported
        FAILED += 1
        print(f"FAIL {name}: {type(error).__name__}: {error}".splitlines()[0], flush=True)
        return
    PASSED += 1
    print(f"PASS {name}" + (f": {detail}" if detail else ""), flush=True)


def mailbox(operation_id, suffix=""):
    url = f"{ENDPOINT}/emulator/emails/{operation_id}{suffix}"
    with urllib.request.urlopen(url, context=CONTEXT) as response:
        body = response.read()
    return body.decode() if suffix else json.loads(body)


def client():
    # Poll quickly: the emulator asks for retry-after 1.
    return EmailClient.from_connection_string(CONNECTION_STRING)


def send_full():
    attachment = b"day,visits\nmonday,42\n"
    logo = b"\x89PNG\r\n\x1a\n"
    message = {
        "senderAddress": SENDER,
        "content": {
            "subject": "Python SDK: full message",
            "plainText": "Hello from azure-communication-email.",
            "html": "<p>Hello</p><img src=\"cid:logo\">",
        },
        "recipients": {
            "to": [{"address": "alice@example.com", "displayName": "Alice"}],
            "cc": [{"address": "bob@example.com", "displayName": "Bob"}],
            "bcc": [{"address": "audit@example.com"}],
        },
        "replyTo": [{"address": "support@example.com", "displayName": "Support"}],
        "headers": {"X-Check": "python"},
        "attachments": [
            {"name": "visits.csv", "contentType": "text/csv",
             "contentInBase64": base64.b64encode(attachment).decode()},
            {"name": "logo.png", "contentType": "image/png", "contentId": "logo",
             "contentInBase64": base64.b64encode(logo).decode()},
        ],
        "userEngagementTrackingDisabled": True,
    }
    poller = client().begin_send(message, polling_interval=1)
    result = poller.result()
    assert result["status"] == "Succeeded", result
    stored = mailbox(result["id"])
    sent = stored["message"]
    assert sent["recipients"]["cc"][0]["address"] == "bob@example.com", sent
    assert sent["recipients"]["bcc"][0]["address"] == "audit@example.com", sent
    assert sent["replyTo"][0]["displayName"] == "Support", sent
    assert sent["headers"]["X-Check"] == "python", sent
    assert base64.b64decode(sent["attachments"][0]["contentInBase64"]) == attachment, sent
    assert sent["attachments"][1]["contentId"] == "logo", sent
    assert sent["userEngagementTrackingDisabled"] is True, sent
    eml = mailbox(result["id"], ".eml")
    assert "Subject: Python SDK: full message" in eml and "X-Check: python" in eml, eml[:400]
    return f"{result['id']} Succeeded, read back with 2 attachments"


def send_with_operation_id_twice():
    operation_id = str(uuid.uuid4())
    message = {
        "senderAddress": SENDER,
        "content": {"subject": "Python SDK: idempotent", "plainText": "once"},
        "recipients": {"to": [{"address": "alice@example.com"}]},
    }
    first = client().begin_send(message, operation_id=operation_id, polling_interval=1).result()
    second = client().begin_send(message, operation_id=operation_id, polling_interval=1).result()
    assert first["id"] == second["id"] == operation_id, (first, second)
    with urllib.request.urlopen(f"{ENDPOINT}/emulator/emails", context=CONTEXT) as response:
        listed = json.loads(response.read())["value"]
    assert sum(1 for email in listed if email["id"] == operation_id) == 1, listed
    return "one message stored for two sends"


def send_that_bounces():
    message = {
        "senderAddress": SENDER,
        "content": {"subject": "Python SDK: bounce", "plainText": "x"},
        "recipients": {"to": [{"address": "nobody@bounce.example"}]},
    }
    try:
        client().begin_send(message, polling_interval=1).result()
    except Exception as error:  # noqa: BLE001 - the SDK's own error type for a failed LRO
        assert "EmailDropped" in str(error), error
        return f"{type(error).__name__} with EmailDropped"
    raise AssertionError("the send did not fail")


def send_from_an_unlinked_domain():
    message = {
        "senderAddress": "DoNotReply@unlinked.example",
        "content": {"subject": "x", "plainText": "x"},
        "recipients": {"to": [{"address": "alice@example.com"}]},
    }
    try:
        client().begin_send(message)
    except HttpResponseError as error:
        assert error.status_code == 404 and "DomainNotLinked" in str(error), error
        return "404 DomainNotLinked"
    raise AssertionError("the send was accepted")


check("begin_send with cc/bcc/reply-to/headers/attachments/inline", send_full)
check("begin_send twice with one operation_id", send_with_operation_id_twice)
check("a send that fails (bounce.example)", send_that_bounces)
check("a sender domain the resource does not have", send_from_an_unlinked_domain)
print(f"python email: {PASSED} passed, {FAILED} failed", flush=True)
sys.exit(1 if FAILED else 0)
