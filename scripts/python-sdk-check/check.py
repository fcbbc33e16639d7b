"""Drives every public operation of the official Python SDKs against acs-emulator.

Reads ACS_CONNECTION_STRING (an https endpoint) and expects REQUESTS_CA_BUNDLE to hold the
emulator's CA. Prints one line per operation and a final "N passed, N failed" line; exits
non-zero on any failure.
"""

import base64
import json
import os
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

from azure.communication.chat import (
    ChatClient,
    ChatMessageType,
    ChatParticipant,
    CommunicationTokenCredential,
)
from azure.communication.identity import (
    CommunicationIdentityClient,
    CommunicationTokenScope,
    CommunicationUserIdentifier,
)
from azure.core.exceptions import HttpResponseError

PASSED = 0
FAILED = 0


def check(name, operation):
    """Runs one operation; prints PASS with a detail, or FAIL with the error."""
    global PASSED, FAILED
    try:
        detail = operation()
    except Exception as error:  # noqa: BLE001 - any failure is reported
        FAILED += 1
        print(f"FAIL {name}: {type(error).__name__}: {error}".splitlines()[0], flush=True)
        return None
    PASSED += 1
    print(f"PASS {name}" + (f": {detail}" if detail else ""), flush=True)
    return detail


def expect_status(status, operation):
    """Runs an operation that must fail with `status`."""
    try:
        operation()
    except HttpResponseError as error:
        if error.status_code == status:
            return error
        raise AssertionError(f"expected {status}, got {error.status_code}: {error.message}")
    raise AssertionError(f"expected {status}, the call succeeded")


def entra_token(claims):
    """An unsigned Entra-style JWT (the emulator checks its claims, not its signature)."""
    encode = lambda part: base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
    return f"{encode({'alg': 'none', 'typ': 'JWT'})}.{encode(claims)}."


def expiry_timestamp(expires_on):
    """An AccessToken's expiry as a Unix time. azure-communication-identity 1.5.0 hands back the
    wire string (`2025-06-11T22:20:17.0404706+00:00`) rather than a number."""
    if isinstance(expires_on, (int, float)):
        return float(expires_on)
    if isinstance(expires_on, datetime):
        return expires_on.timestamp()
    text = str(expires_on).replace("Z", "+00:00")
    head, sep, rest = text.partition(".")
    if sep:  # at most 6 fraction digits for fromisoformat
        digits = "".join(c for c in rest if c.isdigit())
        text = f"{head}.{digits[:6]}{rest[len(digits):]}"
    return datetime.fromisoformat(text).timestamp()


def endpoint_of(connection_string):
    for part in connection_string.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "endpoint":
            return value.strip().rstrip("/")
    raise ValueError("no endpoint in the connection string")


def main():
    connection_string = os.environ["ACS_CONNECTION_STRING"]
    endpoint = endpoint_of(connection_string)
    identity = CommunicationIdentityClient.from_connection_string(connection_string)
    state = {}

    # ---- Identity (api-version 2023-10-01, the SDK's default) ----
    def create_user():
        user = identity.create_user()
        assert user.properties["id"].startswith("8:acs:"), user.properties
        state["plain_user"] = user
        return user.properties["id"]

    def create_user_and_token():
        before = datetime.now(timezone.utc)
        user, token = identity.create_user_and_token(
            [CommunicationTokenScope.CHAT, CommunicationTokenScope.VOIP],
            token_expires_in=timedelta(hours=1),
        )
        lifetime = expiry_timestamp(token.expires_on) - before.timestamp()
        assert 3540 <= lifetime <= 3660, lifetime
        state["alice"], state["alice_token"] = user, token.token
        return f"token valid {lifetime / 60:.0f} min"

    def get_token():
        token = identity.get_token(state["plain_user"], [CommunicationTokenScope.CHAT])
        assert expiry_timestamp(token.expires_on) - time.time() > 23 * 3600
        state["plain_token"] = token.token
        return "24 h token"

    def token_lifetime_is_validated():
        error = expect_status(
            400,
            lambda: identity.get_token(
                state["plain_user"], ["chat"], token_expires_in=timedelta(minutes=30)
            ),
        )
        return f"400 {error.error.code if error.error else ''}".strip()

    def revoke_tokens():
        identity.revoke_tokens(state["plain_user"])
        revoked = ChatClient(endpoint, CommunicationTokenCredential(state["plain_token"]))
        expect_status(401, lambda: list(revoked.list_chat_threads()))
        return "earlier token refused with 401"

    def get_token_for_teams_user():
        app_id, user_id = str(uuid.uuid4()), str(uuid.uuid4())
        expires = int(time.time()) + 3600
        aad = entra_token({"oid": user_id, "appid": app_id, "tid": str(uuid.uuid4()), "exp": expires})
        token = identity.get_token_for_teams_user(aad, app_id, user_id)
        assert int(expiry_timestamp(token.expires_on)) == expires, (token.expires_on, expires)
        expect_status(400, lambda: identity.get_token_for_teams_user(aad, app_id, str(uuid.uuid4())))
        return "token for the Teams user; mismatched oid refused"

    def delete_user():
        identity.delete_user(state["plain_user"])
        expect_status(401, lambda: identity.get_token(state["plain_user"], ["chat"]))
        return "deleted; new tokens refused"

    check("identity.create_user", create_user)
    check("identity.create_user_and_token", create_user_and_token)
    check("identity.get_token", get_token)
    check("identity.get_token (expiry out of range)", token_lifetime_is_validated)
    check("identity.revoke_tokens", revoke_tokens)
    check("identity.get_token_for_teams_user", get_token_for_teams_user)
    check("identity.delete_user", delete_user)

    # ---- Chat (api-version 2024-03-07, the SDK's default) ----
    bob, bob_token = identity.create_user_and_token(["chat"])
    carol = identity.create_user()
    alice = state.get("alice")
    alice_chat = ChatClient(endpoint, CommunicationTokenCredential(state.get("alice_token", "")))
    bob_chat = ChatClient(endpoint, CommunicationTokenCredential(bob_token.token))

    def create_chat_thread():
        token = str(uuid.uuid4())
        participants = [
            ChatParticipant(identifier=alice, display_name="Alice"),
            ChatParticipant(identifier=bob, display_name="Bob"),
        ]
        result = alice_chat.create_chat_thread("Lunch", thread_participants=participants, idempotency_token=token)
        assert not result.errors, result.errors
        again = alice_chat.create_chat_thread("Lunch", thread_participants=participants, idempotency_token=token)
        assert again.chat_thread.id == result.chat_thread.id, "the idempotency token replays the thread"
        state["thread_id"] = result.chat_thread.id
        return result.chat_thread.id

    def list_chat_threads():
        threads = list(alice_chat.list_chat_threads(results_per_page=1))
        assert [t.id for t in threads] == [state["thread_id"]], threads
        return f"{len(threads)} thread"

    def get_chat_thread_client():
        client = alice_chat.get_chat_thread_client(state["thread_id"])
        assert client.thread_id == state["thread_id"]
        state["alice_thread"] = client
        state["bob_thread"] = bob_chat.get_chat_thread_client(state["thread_id"])
        return None

    def get_properties():
        properties = state["alice_thread"].get_properties()
        assert properties.topic == "Lunch", properties.topic
        assert properties.created_by.properties["id"] == alice.properties["id"]
        return f"topic {properties.topic!r}"

    def update_topic():
        state["alice_thread"].update_topic("Dinner")
        assert state["bob_thread"].get_properties().topic == "Dinner"
        return "topic 'Dinner'"

    def send_message():
        text = state["alice_thread"].send_message(
            "hello", sender_display_name="Alice", metadata={"tag": "greeting"}
        )
        html = state["bob_thread"].send_message("<b>hi</b>", chat_message_type=ChatMessageType.HTML)
        assert int(html.id) > int(text.id)
        state["text_id"], state["html_id"] = text.id, html.id
        return f"text {text.id}, html {html.id}"

    def get_message():
        message = state["bob_thread"].get_message(state["text_id"])
        assert message.content.message == "hello"
        assert message.type == ChatMessageType.TEXT
        assert message.sender_display_name == "Alice"
        assert message.metadata == {"tag": "greeting"}, message.metadata
        assert message.sender.properties["id"] == alice.properties["id"]
        return f"{message.type} from {message.sender_display_name}"

    def list_messages():
        messages = list(state["alice_thread"].list_messages(results_per_page=2))
        kinds = [str(m.type) for m in messages]
        ids = [int(m.id) for m in messages]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids), ids
        assert len(messages) == 5, kinds
        topics = [m for m in messages if m.type == ChatMessageType.TOPIC_UPDATED]
        assert topics and topics[0].content.topic == "Dinner"
        return f"{len(messages)} messages in pages of 2"

    def update_message():
        state["alice_thread"].update_message(state["text_id"], content="hello!", metadata={"tag": "edited"})
        message = state["alice_thread"].get_message(state["text_id"])
        assert message.content.message == "hello!" and message.edited_on is not None
        assert message.metadata == {"tag": "edited"}
        return "editedOn set"

    def delete_message():
        state["bob_thread"].delete_message(state["html_id"])
        message = state["alice_thread"].get_message(state["html_id"])
        assert message.deleted_on is not None
        return "deletedOn set"

    def add_participants():
        resource = alice.properties["id"].split(":")[2].split("_")[0]
        missing = CommunicationUserIdentifier(f"8:acs:{resource}_{uuid.uuid4()}")
        failed = state["alice_thread"].add_participants(
            [ChatParticipant(identifier=carol, display_name="Carol"), ChatParticipant(identifier=missing)]
        )
        assert len(failed) == 1, failed
        participant, error = failed[0]
        assert participant.identifier.properties["id"] == missing.properties["id"], participant
        return f"1 added, 1 invalid ({error.code})"

    def list_participants():
        participants = list(state["alice_thread"].list_participants(results_per_page=1))
        ids = {p.identifier.properties["id"] for p in participants}
        assert ids == {alice.properties["id"], bob.properties["id"], carol.properties["id"]}, ids
        return f"{len(participants)} participants in pages of 1"

    def remove_participant():
        state["alice_thread"].remove_participant(carol)
        remaining = list(state["alice_thread"].list_participants())
        assert len(remaining) == 2
        return "2 left"

    def send_typing_notification():
        state["bob_thread"].send_typing_notification(sender_display_name="Bob")
        return None

    def send_read_receipt():
        state["bob_thread"].send_read_receipt(state["text_id"])
        return None

    def list_read_receipts():
        receipts = list(state["alice_thread"].list_read_receipts())
        assert len(receipts) == 1 and receipts[0].chat_message_id == state["text_id"], receipts
        assert receipts[0].sender.properties["id"] == bob.properties["id"]
        return f"{len(receipts)} receipt"

    def delete_chat_thread():
        alice_chat.delete_chat_thread(state["thread_id"])
        expect_status(404, lambda: state["alice_thread"].get_properties())
        return "deleted; properties now 404"

    check("chat.create_chat_thread", create_chat_thread)
    check("chat.list_chat_threads", list_chat_threads)
    check("chat.get_chat_thread_client", get_chat_thread_client)
    check("chat.get_properties", get_properties)
    check("chat.update_topic", update_topic)
    check("chat.send_message", send_message)
    check("chat.get_message", get_message)
    check("chat.list_messages", list_messages)
    check("chat.update_message", update_message)
    check("chat.delete_message", delete_message)
    check("chat.add_participants", add_participants)
    check("chat.list_participants", list_participants)
    check("chat.remove_participant", remove_participant)
    check("chat.send_typing_notification", send_typing_notification)
    check("chat.send_read_receipt", send_read_receipt)
    check("chat.list_read_receipts", list_read_receipts)
    check("chat.delete_chat_thread", delete_chat_thread)

    for client in (alice_chat, bob_chat):
        client.close()
    print(f"{PASSED} passed, {FAILED} failed", flush=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
