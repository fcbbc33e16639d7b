// Sends mail with the official JS Email SDK (@azure/communication-email) through acs-emulator.
//
//   ACS_CONNECTION_STRING=... ACS_EMAIL_SENDER=... NODE_EXTRA_CA_CERTS=ca.pem node check.mjs
//
// Each case sends with beginSend + pollUntilDone and reads the message back from the
// emulator's mailbox (GET /emulator/emails/{id}). Exits non-zero on any failure.
import { EmailClient } from "@azure/communication-email";

const connectionString = process.env.ACS_CONNECTION_STRING;
const sender = process.env.ACS_EMAIL_SENDER;
const endpoint = connectionString.split("endpoint=")[1].split(";")[0].replace(/\/$/, "");
let passed = 0;
let failed = 0;

async function check(name, operation) {
  try {
    const detail = await operation();
    passed += 1;
    console.log(`PASS ${name}${detail ? `: ${detail}` : ""}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${String(error?.message ?? error).split("\n")[0]}`);
  }
}

async function mailbox(id, suffix = "") {
  const response = await fetch(`${endpoint}/emulator/emails/${id}${suffix}`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return suffix ? response.text() : response.json();
}

function assert(condition, what) {
  if (!condition) throw new Error(`assertion failed: ${what}`);
}

const client = new EmailClient(connectionString);
const options = { updateIntervalInMs: 1000 };

await check("beginSend with cc/bcc/replyTo/headers/attachments/inline", async () => {
  const csv = Buffer.from("day,visits\nmonday,42\n");
  const poller = await client.beginSend(
    {
      senderAddress: sender,
      content: {
        subject: "JS SDK: full message",
        plainText: "Hello from @azure/communication-email.",
        html: '<p>Hello</p><img src="cid:logo">',
      },
      recipients: {
        to: [{ address: "alice@example.com", displayName: "Alice" }],
        cc: [{ address: "bob@example.com", displayName: "Bob" }],
        bcc: [{ address: "audit@example.com" }],
      },
      replyTo: [{ address: "support@example.com", displayName: "Support" }],
      headers: { "X-Check": "js" },
      attachments: [
        { name: "visits.csv", contentType: "text/csv", contentInBase64: csv.toString("base64") },
        {
          name: "logo.png",
          contentType: "image/png",
          contentId: "logo",
          contentInBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString("base64"),
        },
      ],
      disableUserEngagementTracking: true,
    },
    options,
  );
  const result = await poller.pollUntilDone();
  assert(result.status === "Succeeded", `status ${result.status}`);
  const stored = await mailbox(result.id);
  const sent = stored.message;
  assert(sent.recipients.cc[0].address === "bob@example.com", "cc");
  assert(sent.recipients.bcc[0].address === "audit@example.com", "bcc");
  assert(sent.replyTo[0].displayName === "Support", "reply-to");
  assert(sent.headers["X-Check"] === "js", "headers");
  assert(Buffer.from(sent.attachments[0].contentInBase64, "base64").equals(csv), "attachment bytes");
  assert(sent.attachments[1].contentId === "logo", "inline attachment");
  assert(sent.userEngagementTrackingDisabled === true, "tracking disabled");
  const eml = await mailbox(result.id, ".eml");
  assert(eml.includes("Subject: JS SDK: full message"), "MIME subject");
  return `${result.id} Succeeded, read back with 2 attachments`;
});

await check("a send that fails (bounce.example)", async () => {
  const poller = await client.beginSend(
    {
      senderAddress: sender,
      content: { subject: "JS SDK: bounce", plainText: "x" },
      recipients: { to: [{ address: "nobody@bounce.example" }] },
    },
    options,
  );
  try {
    await poller.pollUntilDone();
  } catch (error) {
    return `rejected: ${String(error?.message ?? error).split("\n")[0]}`;
  }
  throw new Error("the send did not fail");
});

console.log(`js email: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
