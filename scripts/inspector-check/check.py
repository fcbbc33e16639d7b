"""Seeds an emulator (ACS_CONNECTION_STRING) with a chat thread and an email, loads the
inspector page in headless Chromium (CHROMIUM) and checks the rendered DOM.

Standard library only. Exits non-zero with a message naming what is missing.
"""

import base64
import email.utils
import hashlib
import hmac
import html
import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

CHAT = "api-version=2025-03-15"
EMAIL = "api-version=2025-09-01"


def parse_connection_string(text):
    parts = dict(part.split("=", 1) for part in text.split(";") if "=" in part)
    return parts["endpoint"].rstrip("/"), parts["accesskey"]


ENDPOINT, ACCESS_KEY = parse_connection_string(os.environ["ACS_CONNECTION_STRING"])


def call(method, path, body=None, token=None, headers=None, hmac_sign=False):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(ENDPOINT + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if token:
        request.add_header("authorization", "Bearer " + token)
    if hmac_sign:
        host = urllib.parse.urlsplit(ENDPOINT).netloc
        date = email.utils.formatdate(usegmt=True)
        digest = base64.b64encode(hashlib.sha256(data or b"").digest()).decode()
        to_sign = f"{method}\n{path}\n{date};{host};{digest}"
        signature = base64.b64encode(
            hmac.new(base64.b64decode(ACCESS_KEY), to_sign.encode(), hashlib.sha256).digest()
        ).decode()
        request.add_header("x-ms-date", date)
        request.add_header("x-ms-content-sha256", digest)
        request.add_header(
            "authorization",
            f"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}",
        )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, json.loads(text) if text.startswith("{") else text


def expect(status, wanted, what, body):
    if status != wanted:
        sys.exit(f"inspector-check: {what} answered {status}, not {wanted}: {body}")



class Webhook(http.server.BaseHTTPRequestHandler):
    """A local Event Grid webhook: answers the validation handshake, accepts every delivery."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        events = json.loads(body or b"[]")
        answer = b""
        for event in events:
            if event.get("eventType") == "Microsoft.EventGrid.SubscriptionValidationEvent":
                answer = json.dumps({"validationResponse": event["data"]["validationCode"]}).encode()
            else:
                Webhook.received.append(event)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def start_webhook():
    """Starts the webhook on a free loopback port and subscribes it to the emulator's events."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/events" % server.server_address[1]
    status, body = call("POST", "/emulator/api/event-subscriptions", {"url": url, "schema": "eventgrid"})
    expect(status, 201, "POST /emulator/api/event-subscriptions", body)
    return server


def wait_for_deliveries(events, seconds=30):
    """The emulator's event deliveries (newest first) and the delivered ones, once the webhook
    has received at least `events` events (the emulator batches them: fewer deliveries)."""
    import time
    deadline = time.monotonic() + seconds
    while True:
        status, listed = call("GET", "/emulator/api/event-deliveries")
        expect(status, 200, "GET /emulator/api/event-deliveries", listed)
        delivered = [d for d in listed["value"] if d["status"] == "delivered"]
        if (delivered and len(Webhook.received) >= events) or time.monotonic() > deadline:
            return listed, delivered
        time.sleep(0.2)


def seed():
    tokens = []
    users = []
    for _ in range(2):
        status, minted = call("POST", "/emulator/api/tokens", {"scopes": ["chat", "voip"]})
        expect(status, 200, "POST /emulator/api/tokens", minted)
        users.append(minted["identity"]["id"])
        tokens.append(minted["accessToken"]["token"])
    (alice, bob), (alice_token, bob_token) = users, tokens

    def participant(raw_id, name):
        return {"communicationIdentifier": {"rawId": raw_id, "communicationUser": {"id": raw_id}}, "displayName": name}

    status, created = call(
        "POST", f"/chat/threads?{CHAT}",
        {"topic": "Quarterly report", "participants": [participant(alice, "Alice"), participant(bob, "Bob")]},
        token=alice_token,
    )
    expect(status, 201, "create thread", created)
    thread = created["chatThread"]["id"]
    quoted = urllib.parse.quote(thread, safe="")
    ids = []
    for token, name, content in [
        (alice_token, "Alice", "Hi Bob, the quarterly report is in your inbox."),
        (alice_token, "Alice", "Wrong thread, sorry"),
        (bob_token, "Bob", "Thanks Alice, reading it now."),
    ]:
        status, sent = call("POST", f"/chat/threads/{quoted}/messages?{CHAT}",
                            {"content": content, "senderDisplayName": name}, token=token)
        expect(status, 201, "send message", sent)
        ids.append(sent["id"])
    status, body = call("PATCH", f"/chat/threads/{quoted}/messages/{ids[0]}?{CHAT}",
                        {"content": "Hi Bob, the quarterly report (v2) is in your inbox."},
                        token=alice_token, headers={"content-type": "application/merge-patch+json"})
    expect(status, 204, "edit message", body)
    status, body = call("DELETE", f"/chat/threads/{quoted}/messages/{ids[1]}?{CHAT}", token=alice_token)
    expect(status, 204, "delete message", body)
    status, body = call("POST", f"/chat/threads/{quoted}/readReceipts?{CHAT}",
                        {"chatMessageId": ids[0]}, token=bob_token)
    expect(status, 200, "send read receipt", body)

    message = {
        "senderAddress": "DoNotReply@acs-emulator.azurecomm.net",
        "content": {
            "subject": "Your quarterly report",
            "plainText": "Hello Bob,\nyour quarterly report is attached.\n",
            "html": "<h2 style='color:#0b62c4'>Quarterly report</h2><p>Hello Bob, your report is "
                    "<b>attached</b>.</p><script>parent.document.title='escaped'</script>",
        },
        "recipients": {"to": [{"address": "bob@example.com", "displayName": "Bob"}]},
        "attachments": [{"name": "report.csv", "contentType": "text/csv",
                         "contentInBase64": base64.b64encode(b"quarter,revenue\nQ3,42\n").decode()}],
    }
    status, sent = call("POST", f"/emails:send?{EMAIL}", message, hmac_sign=True)
    expect(status, 202, "send email", sent)
    return {"thread": thread, "message_ids": ids, "email": sent["id"], "tokens": tokens, "users": users}


def chromium(url, extra):
    command = [
        os.environ.get("CHROMIUM", "chromium"), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
        "--user-data-dir=" + os.environ.get("INSPECTOR_CHECK_PROFILE", "/tmp/inspector-check-profile"),
        "--virtual-time-budget=8000", *extra, url,
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        sys.exit(f"inspector-check: chromium did not finish loading {url} within 120 s")
    if result.returncode != 0:
        sys.exit(f"inspector-check: chromium failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def main():
    screenshot = None
    if len(sys.argv) == 3 and sys.argv[1] == "--screenshot":
        screenshot = os.path.abspath(sys.argv[2])
    webhook = start_webhook()
    seeded = seed()
    # The seeded thread publishes events (created, participants added, messages, ...).
    deliveries, delivered = wait_for_deliveries(events=10)
    webhook.shutdown()
    url = ENDPOINT + "/emulator/"
    dom = chromium(url, ["--dump-dom"])
    text = html.unescape(dom)

    wanted = {
        "the page rendered": 'data-rendered="true"',
        "the thread id": seeded["thread"],
        "the thread topic": "Quarterly report",
        "the edited message": "Hi Bob, the quarterly report (v2) is in your inbox.",
        "the edit mark": "edited ",
        "the deleted message": 'data-message-id="%s"' % seeded["message_ids"][1],
        "the delete mark": "deleted ",
        "Bob's reply": "Thanks Alice, reading it now.",
        "the participantAdded system message": "Added Alice, Bob",
        "the topicUpdated system message": "Topic set to “Quarterly report”",
        "the participants' ids": seeded["users"][1],
        "the read receipt": "Read up to message",
        "the email subject": "Your quarterly report",
        "the email's plain text": "your quarterly report is attached.",
        "the email's HTML, in a sandboxed frame": 'sandbox=""',
        "the email's HTML content": "Hello Bob, your report is <b>attached</b>.",
        "the attachment link": "/emulator/api/emails/%s/attachments/0" % seeded["email"],
        "the attachment name": "report.csv",
        "the recent requests": "ChatThread_SendChatMessage",
        "the email send in the requests": "Email_Send",
        "the HMAC caller of the email send": "HMAC",
    }
    missing = [what for what, needle in wanted.items() if needle not in (dom if needle.startswith(("data-", "sandbox")) else text)]
    # The email's HTML must only be inside the frame's srcdoc, never part of the page itself.
    if "<b>attached</b>" in dom:
        missing.append("the email's HTML kept out of the page's own DOM (it is inserted unescaped)")
    if 'document.title' not in text or "<title>ACS emulator inspector</title>" not in dom:
        missing.append("the page title untouched by the email's script")

    def check_deliveries(page_dom, listed):
        first = listed["value"][0]
        for what, needle in [("an event delivery", 'data-delivery-id="%s"' % first["id"]),
                             ("its event type", first["eventType"]),
                             ("its status", ">%s<" % first["status"])]:
            if needle not in page_dom:
                missing.append(what)

    if delivered and len(Webhook.received) >= 10:
        check_deliveries(dom, {"value": delivered})
        events = (f"{len(delivered)} event deliveries to a local webhook "
                  f"({len(Webhook.received)} events received) checked")
    else:
        missing.append(f"event deliveries (the emulator delivered {len(delivered)}, "
                       f"the webhook received {len(Webhook.received)})")
        events = "no event delivery"

    leaks = []
    if ACCESS_KEY in dom or ACCESS_KEY in text:
        leaks.append("the access key")
    for token in seeded["tokens"]:
        if token in text or token.rsplit(".", 1)[-1] in text:
            leaks.append("a user access token")
    if missing or leaks:
        sys.exit("inspector-check: the page at %s lacks: %s%s" % (
            url, "; ".join(missing) or "nothing",
            ("; and it shows " + ", ".join(leaks)) if leaks else ""))
    print(f"inspector-check: {url} shows the thread, {len(seeded['message_ids'])} messages "
          f"(an edit, a delete), the read receipt, the email (sandboxed HTML, text, attachment) "
          f"and the recent requests; no access key or token ({events})")

    if screenshot:
        chromium(url, ["--hide-scrollbars", "--window-size=1200,1180", "--screenshot=" + screenshot])
        print(f"inspector-check: screenshot written to {screenshot}")


if __name__ == "__main__":
    main()
