"""Drives acs-emulator's ARM surface with the official Python management SDK
(azure-mgmt-communication), then uses what it provisioned with the data-plane SDKs.

Reads ACS_EMULATOR_ENDPOINT (https) and expects REQUESTS_CA_BUNDLE to hold the emulator's CA.
The credential is static: it mints HS256 JWTs of the emulator's documented development issuer
(key "acs-emulator-development-key", iss https://login.acs-emulator.local/, aud
https://management.azure.com). Prints one line per case and a final "N passed, N failed" line;
exits non-zero on any failure.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
import uuid

from azure.communication.email import EmailClient
from azure.communication.identity import CommunicationIdentityClient
from azure.core.credentials import AccessToken
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceNotFoundError,
)
from azure.mgmt.communication import CommunicationServiceManagementClient
from azure.mgmt.communication import models

ENDPOINT = os.environ["ACS_EMULATOR_ENDPOINT"].rstrip("/")
SUBSCRIPTION = "11112222-3333-4444-5555-666677778888"
GROUP = "mgmt-sdk-check"
SUFFIX = uuid.uuid4().hex[:8]
SERVICE = f"acs-check-{SUFFIX}"
EMAIL_SERVICE = f"email-check-{SUFFIX}"
CUSTOM_DOMAIN = f"mail{SUFFIX}.example.com"
PAGED = 22  # more than the emulator's page of 20: the lists follow nextLink

PASSED = 0
FAILED = 0
FACTS = {}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def development_token(audience="https://management.azure.com", key=b"acs-emulator-development-key",
                      lifetime=3600):
    now = int(time.time())
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64url(json.dumps({
        "iss": "https://login.acs-emulator.local/",
        "aud": audience,
        "iat": now,
        "nbf": now - 60,
        "exp": now + lifetime,
        "oid": "00000000-0000-0000-0000-0000000000c1",
        "sub": "mgmt-sdk-check",
    }).encode())
    signing_input = f"{header}.{claims}".encode()
    signature = b64url(hmac.new(key, signing_input, hashlib.sha256).digest())
    return f"{header}.{claims}.{signature}", now + lifetime


class DevelopmentCredential:
    """A static TokenCredential: the emulator's development issuer, or a broken variant."""

    def __init__(self, **variant):
        self.variant = variant

    def get_token(self, *scopes, **kwargs):
        assert scopes == ("https://management.azure.com/.default",), scopes
        token, expires_on = development_token(**self.variant)
        return AccessToken(token, expires_on)


def client(**variant):
    return CommunicationServiceManagementClient(
        DevelopmentCredential(**variant), SUBSCRIPTION, base_url=ENDPOINT, polling_interval=1
    )


MGMT = client()


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


def expect_error(kind, operation, code):
    try:
        operation()
    except kind as error:
        actual = error.error.code if error.error else None
        assert actual == code, f"code {actual}, expected {code}"
        return error
    raise AssertionError(f"no {kind.__name__}")


def rejects_bad_tokens():
    for variant in ({"key": b"not-the-development-key"}, {"audience": "https://graph.microsoft.com"},
                    {"lifetime": -60}):
        error = expect_error(
            ClientAuthenticationError,
            lambda: client(**variant).communication_services.get(GROUP, SERVICE),
            {"key": "InvalidAuthenticationToken", "audience": "InvalidAuthenticationTokenAudience",
             "lifetime": "ExpiredAuthenticationToken"}[next(iter(variant))],
        )
        assert "Bearer" in error.response.headers.get("WWW-Authenticate", ""), error.response.headers
    return "401 for a foreign key, a foreign audience and an expired token, with a challenge"


def name_available():
    result = MGMT.communication_services.check_name_availability(
        models.NameAvailabilityParameters(name=SERVICE, type="Microsoft.Communication/CommunicationServices"))
    assert result.name_available is True, result
    return "available before create"


def create_service():
    poller = MGMT.communication_services.begin_create_or_update(
        GROUP, SERVICE,
        models.CommunicationServiceResource(
            location="global", tags={"check": "mgmt"},
            properties=models.CommunicationServiceProperties(data_location="United States")))
    first = poller.status()
    resource = poller.result()
    assert resource.properties.provisioning_state == "Succeeded", resource.properties.provisioning_state
    assert resource.name == SERVICE and resource.properties.host_name, resource
    FACTS["service_id"] = resource.id
    return f"LRO {first} -> Succeeded, hostName {resource.properties.host_name}"


def get_service():
    resource = MGMT.communication_services.get(GROUP, SERVICE)
    assert resource.properties.data_location == "United States"
    assert resource.tags == {"check": "mgmt"}, resource.tags
    assert resource.system_data.created_by == "00000000-0000-0000-0000-0000000000c1", resource.system_data
    return resource.properties.provisioning_state


def name_taken():
    result = MGMT.communication_services.check_name_availability(
        models.NameAvailabilityParameters(name=SERVICE, type="Microsoft.Communication/CommunicationServices"))
    assert result.name_available is False and result.reason == "AlreadyExists", result
    return "AlreadyExists after create"


def update_service():
    resource = MGMT.communication_services.update(
        GROUP, SERVICE, models.CommunicationServiceResourceUpdate(tags={"check": "updated"}))
    assert resource.tags == {"check": "updated"}, resource.tags
    return "tags replaced"


def list_services_paged():
    pollers = [
        MGMT.communication_services.begin_create_or_update(
            GROUP, f"acs-page-{SUFFIX}-{index}",
            {"location": "global", "properties": {"dataLocation": "Europe"}})
        for index in range(PAGED)
    ]
    for poller in pollers:
        poller.result()
    in_group = [r.name for r in MGMT.communication_services.list_by_resource_group(GROUP)]
    in_subscription = [r.name for r in MGMT.communication_services.list_by_subscription()]
    assert SERVICE in in_group and len(in_group) == PAGED + 1, len(in_group)
    assert len(in_subscription) >= PAGED + 1 and len(set(in_subscription)) == len(in_subscription)
    deletes = [MGMT.communication_services.begin_delete(GROUP, f"acs-page-{SUFFIX}-{i}") for i in range(PAGED)]
    for poller in deletes:
        poller.result()
    remaining = [r.name for r in MGMT.communication_services.list_by_resource_group(GROUP)]
    assert remaining == [SERVICE], remaining
    return f"{len(in_group)} by resource group, {len(in_subscription)} by subscription (nextLink), deleted {PAGED}"


def keys_work_on_the_data_plane():
    keys = MGMT.communication_services.list_keys(GROUP, SERVICE)
    assert keys.primary_key and keys.secondary_key and keys.primary_key != keys.secondary_key
    FACTS["connection_string"] = keys.primary_connection_string
    identity = CommunicationIdentityClient.from_connection_string(keys.primary_connection_string)
    user, token = identity.create_user_and_token(["chat"])
    assert token.token, token
    secondary = CommunicationIdentityClient.from_connection_string(keys.secondary_connection_string)
    secondary.delete_user(user)
    return "both connection strings work with azure-communication-identity"


def regenerate_key():
    old = FACTS["connection_string"]
    regenerated = MGMT.communication_services.regenerate_key(
        GROUP, SERVICE, models.RegenerateKeyParameters(key_type="Primary"))
    assert regenerated.primary_key and regenerated.primary_connection_string != old
    expect_error(HttpResponseError, lambda: CommunicationIdentityClient.from_connection_string(old).create_user(), "Denied")
    CommunicationIdentityClient.from_connection_string(regenerated.primary_connection_string).create_user()
    FACTS["connection_string"] = regenerated.primary_connection_string
    return "the old primary key is refused (401 Denied), the new one works"


def create_email_service():
    poller = MGMT.email_services.begin_create_or_update(
        GROUP, EMAIL_SERVICE,
        models.EmailServiceResource(location="global",
                                    properties=models.EmailServiceProperties(data_location="United States")))
    resource = poller.result()
    assert resource.properties.provisioning_state == "Succeeded", resource.properties
    return "LRO -> Succeeded"


def get_and_list_email_services():
    resource = MGMT.email_services.get(GROUP, EMAIL_SERVICE)
    by_group = [r.name for r in MGMT.email_services.list_by_resource_group(GROUP)]
    by_subscription = [r.name for r in MGMT.email_services.list_by_subscription()]
    assert by_group == [EMAIL_SERVICE] and EMAIL_SERVICE in by_subscription, (by_group, by_subscription)
    updated = MGMT.email_services.begin_update(
        GROUP, EMAIL_SERVICE, models.EmailServiceResourceUpdate(tags={"team": "mail"})).result()
    assert updated.tags == {"team": "mail"}, updated.tags
    return f"{resource.properties.data_location}; listed; update LRO set tags"


def create_azure_managed_domain():
    resource = MGMT.domains.begin_create_or_update(
        GROUP, EMAIL_SERVICE, "AzureManagedDomain",
        models.DomainResource(location="global",
                              properties=models.DomainProperties(domain_management="AzureManaged"))).result()
    assert resource.properties.provisioning_state == "Succeeded"
    assert resource.properties.from_sender_domain.endswith(".azurecomm.net"), resource.properties
    FACTS["domain_id"] = resource.id
    FACTS["sender_domain"] = resource.properties.from_sender_domain
    return resource.properties.from_sender_domain


def custom_domain_verification():
    domain = MGMT.domains.begin_create_or_update(
        GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN,
        {"location": "global", "properties": {"domainManagement": "CustomerManaged"}}).result()
    assert domain.properties.verification_states.domain.status == "NotStarted", domain.properties
    assert domain.properties.verification_records.domain.value.startswith("ms-domain-verification=")
    MGMT.domains.begin_initiate_verification(
        GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN, models.VerificationParameter(verification_type="Domain")).result()
    MGMT.domains.begin_initiate_verification(
        GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN, models.VerificationParameter(verification_type="SPF")).wait()
    started = MGMT.domains.begin_initiate_verification(
        GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN, models.VerificationParameter(verification_type="DKIM"))
    MGMT.domains.begin_cancel_verification(
        GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN, models.VerificationParameter(verification_type="DKIM")).result()
    started.wait()
    states = MGMT.domains.get(GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN).properties.verification_states
    assert (states.domain.status, states.spf.status, states.dkim.status) == ("Verified", "Verified", "NotStarted"), states
    names = sorted(d.name for d in MGMT.domains.list_by_email_service_resource(GROUP, EMAIL_SERVICE))
    assert names == sorted(["AzureManagedDomain", CUSTOM_DOMAIN]), names
    updated = MGMT.domains.begin_update(
        GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN,
        models.UpdateDomainRequestParameters(properties=models.UpdateDomainProperties(
            user_engagement_tracking="Enabled"))).result()
    assert updated.properties.user_engagement_tracking == "Enabled"
    return "Domain and SPF Verified, DKIM cancelled, listed, update LRO"


def sender_usernames():
    created = MGMT.sender_usernames.create_or_update(
        GROUP, EMAIL_SERVICE, "AzureManagedDomain", "alerts",
        models.SenderUsernameResource(properties=models.SenderUsernameProperties(username="alerts",
                                                                                 display_name="Alerts")))
    got = MGMT.sender_usernames.get(GROUP, EMAIL_SERVICE, "AzureManagedDomain", "alerts")
    assert created.properties.username == got.properties.username == "alerts"
    names = sorted(s.properties.username for s in MGMT.sender_usernames.list_by_domains(
        GROUP, EMAIL_SERVICE, "AzureManagedDomain"))
    assert names == ["DoNotReply", "alerts"], names
    return "created, read, listed (with the default DoNotReply)"


def link_domain_and_send():
    sender = f"alerts@{FACTS['sender_domain']}"
    email = EmailClient.from_connection_string(FACTS["connection_string"])
    message = {"senderAddress": sender, "content": {"subject": "provisioned", "plainText": "hi"},
               "recipients": {"to": [{"address": "alice@example.com"}]}}
    expect_error(HttpResponseError, lambda: email.begin_send(message).result(), "DomainNotLinked")
    linked = MGMT.communication_services.update(
        GROUP, SERVICE, models.CommunicationServiceResourceUpdate(
            properties=models.CommunicationServiceUpdateProperties(linked_domains=[FACTS["domain_id"]])))
    assert linked.properties.linked_domains == [FACTS["domain_id"]], linked.properties.linked_domains
    result = email.begin_send(message, polling_interval=1).result()
    assert result["status"] == "Succeeded", result
    return f"{sender} refused before the link, sent after it"


def delete_everything():
    MGMT.sender_usernames.delete(GROUP, EMAIL_SERVICE, "AzureManagedDomain", "alerts")
    expect_error(ResourceNotFoundError,
                 lambda: MGMT.sender_usernames.get(GROUP, EMAIL_SERVICE, "AzureManagedDomain", "alerts"),
                 "ResourceNotFound")
    MGMT.domains.begin_delete(GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN).result()
    expect_error(ResourceNotFoundError, lambda: MGMT.domains.get(GROUP, EMAIL_SERVICE, CUSTOM_DOMAIN),
                 "ResourceNotFound")
    MGMT.email_services.begin_delete(GROUP, EMAIL_SERVICE).result()
    expect_error(ResourceNotFoundError, lambda: MGMT.domains.get(GROUP, EMAIL_SERVICE, "AzureManagedDomain"),
                 "ResourceNotFound")
    assert MGMT.communication_services.get(GROUP, SERVICE).properties.linked_domains == []
    connection_string = FACTS["connection_string"]
    MGMT.communication_services.begin_delete(GROUP, SERVICE).result()
    expect_error(ResourceNotFoundError, lambda: MGMT.communication_services.get(GROUP, SERVICE), "ResourceNotFound")
    expect_error(HttpResponseError,
                 lambda: CommunicationIdentityClient.from_connection_string(connection_string).create_user(),
                 "Denied")
    return "sender username, domain, email service (with its domains), communication service (its keys stop working)"


def arm_errors():
    expect_error(ResourceNotFoundError, lambda: MGMT.email_services.get(GROUP, "missing"), "ResourceNotFound")
    expect_error(HttpResponseError, lambda: MGMT.communication_services.begin_create_or_update(
        GROUP, f"bad-{SUFFIX}", {"location": "global", "properties": {}}).result(), "InvalidRequestContent")
    expect_error(HttpResponseError, lambda: MGMT.domains.begin_create_or_update(
        GROUP, "missing", "AzureManagedDomain",
        {"location": "global", "properties": {"domainManagement": "AzureManaged"}}).result(),
        "ParentResourceNotFound")
    return "404 ResourceNotFound, 400 InvalidRequestContent, 404 ParentResourceNotFound"


for name, operation in [
    ("auth: bad tokens are refused", rejects_bad_tokens),
    ("communicationServices: check name availability", name_available),
    ("communicationServices: begin_create_or_update", create_service),
    ("communicationServices: get", get_service),
    ("communicationServices: check name availability (taken)", name_taken),
    ("communicationServices: update", update_service),
    ("communicationServices: list by resource group / subscription (paged)", list_services_paged),
    ("communicationServices: list_keys (identity SDK)", keys_work_on_the_data_plane),
    ("communicationServices: regenerate_key", regenerate_key),
    ("emailServices: begin_create_or_update", create_email_service),
    ("emailServices: get, list, begin_update", get_and_list_email_services),
    ("domains: begin_create_or_update (AzureManaged)", create_azure_managed_domain),
    ("domains: CustomerManaged, verification initiate/cancel, list, update", custom_domain_verification),
    ("senderUsernames: create_or_update, get, list", sender_usernames),
    ("link the domain, send with azure-communication-email", link_domain_and_send),
    ("ARM errors", arm_errors),
    ("delete every kind", delete_everything),
]:
    check(name, operation)

print(f"{PASSED} passed, {FAILED} failed")
sys.exit(1 if FAILED else 0)
