// Node accepts the emulator's TLS certificate when its CA is trusted through
// NODE_EXTRA_CA_CERTS, and refuses it otherwise.
//
//   node node-tls-check.mjs <endpoint> <expect: trusted|refused>
//
// A trusted connection must reach the emulator, which answers an unauthenticated chat call
// with 401 and the service's error shape.
import https from "node:https";

const [endpoint, expect] = process.argv.slice(2);
if (!endpoint || !["trusted", "refused"].includes(expect)) {
  console.error("usage: node node-tls-check.mjs <endpoint> <trusted|refused>");
  process.exit(2);
}

const url = new URL("/chat/threads?api-version=2025-03-15", endpoint);
const request = https.get(url, (response) => {
  let body = "";
  response.setEncoding("utf8");
  response.on("data", (chunk) => (body += chunk));
  response.on("end", () => {
    if (expect !== "trusted") {
      console.error(`node: expected a TLS failure, got HTTP ${response.statusCode}`);
      process.exit(1);
    }
    const code = JSON.parse(body || "{}")?.error?.code;
    if (response.statusCode !== 401 || !code) {
      console.error(`node: expected 401 with an error code, got ${response.statusCode} ${body}`);
      process.exit(1);
    }
    console.log(`node: TLS accepted with NODE_EXTRA_CA_CERTS (HTTP 401 ${code} as expected)`);
  });
});
request.on("error", (error) => {
  if (expect === "refused") {
    console.log(`node: TLS refused without the CA, as expected (${error.code})`);
    return;
  }
  console.error(`node: ${error.code}: ${error.message}`);
  process.exit(1);
});
