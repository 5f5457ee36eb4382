// check.mjs validates the REST traffic recorded by Byline's fake Discord
// (bot/discordfake, JSONL written when BYLINE_DISCORD_DUMP is set) against
// Discord's OpenAPI description as published in the npm package
// discord-api-spec (pinned in package-lock.json).
//
// discord-api-spec ships no raw OpenAPI JSON: it ships Zod schemas
// (build/discord-api-spec.zod.js, one `<Name>Schema` per component) and
// TypeScript types, among them `interface Paths`, which maps each route and
// method to its request body type and its response type per status code.
// This script reads that interface to find, for every recorded exchange, the
// schema of the request body and of the response body, and validates both
// with zod.
//
// Usage: node check.mjs [--lenient] dump.jsonl [more.jsonl ...]
//   Response bodies are validated strictly: an object carrying a field the
//   spec does not describe fails (the fake inventing fields). --lenient
//   accepts unknown response fields. Request bodies are never strict: Discord
//   ignores unknown fields, and discordgo sends some.
//
// Prints one line per failure and "N passed, N failed, N skipped"; exits 1 if
// anything failed or nothing was checked, 2 on usage or input errors.

import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

const args = process.argv.slice(2);
const strict = !args.includes("--lenient");
const files = args.filter((a) => a !== "--lenient");
if (files.length === 0) {
  console.error("usage: node check.mjs [--lenient] dump.jsonl [...]");
  process.exit(2);
}

const specJS = fileURLToPath(import.meta.resolve("discord-api-spec"));
const buildDir = dirname(specJS);
const paths = parsePaths(readFileSync(join(buildDir, "discord-api-spec.ts"), "utf8"));

// Two copies of the schemas: the published (lenient) one for requests, and
// for responses (unless --lenient) a copy whose objects reject unknown keys. The package builds
// its objects at import time with a module-level `zObject`, so strictness is
// chosen by rewriting that one line in a temporary copy.
const lenient = await import(pathToFileURL(join(buildDir, "discord-api-spec.zod.js")).href);
const z = await import("zod/mini");
let strictSchemas = lenient;
if (strict) {
  const src = readFileSync(join(buildDir, "discord-api-spec.zod.js"), "utf8");
  const marker = "let zObject = z.object;";
  if (!src.includes(marker)) {
    console.error("check.mjs: discord-api-spec changed shape: cannot find '" + marker + "'");
    process.exit(2);
  }
  // Resolve "zod/mini" from this folder's node_modules, not from the temp dir.
  const zodURL = import.meta.resolve("zod/mini");
  const patched = src
    .replace(marker, "let zObject = z.strictObject;")
    .replace(/from "zod\/mini"/, `from ${JSON.stringify(zodURL)}`);
  const dir = mkdtempSync(join(tmpdir(), "discord-conformance-"));
  const file = join(dir, "strict.zod.mjs");
  writeFileSync(file, patched);
  strictSchemas = await import(pathToFileURL(file).href);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedWhy = new Map();

function skip(why) {
  skipped++;
  skippedWhy.set(why, (skippedWhy.get(why) || 0) + 1);
}

function failure(rec, what, detail) {
  failed++;
  console.log(`FAIL ${rec.method} ${rec.route || rec.path} [${rec.test}] ${what}: ${detail}`);
}

// main runs after every declaration below is initialized.
function main() {
  for (const file of files) {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
    for (const [i, line] of lines.entries()) {
      let rec;
      try {
        rec = JSON.parse(line);
      } catch (err) {
        console.error(`${file}:${i + 1}: not JSON: ${err.message}`);
        process.exit(2);
      }
      checkRecord(rec);
    }
  }

  for (const [why, n] of skippedWhy) console.log(`skipped ${n}: ${why}`);
  for (const [name, n] of deviationCounts) console.log(`known spec deviation tolerated ${n}x: ${name}`);
  if (agreedRejections > 0) console.log(`${agreedRejections} invalid request(s) were rejected by the fake, as Discord would (counted as passed)`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}


function checkRecord(rec) {
  if (!rec.route) {
    skip("route unknown to the fake (a test's deliberate 404)");
    return;
  }
  const op = paths[rec.route]?.[rec.method.toLowerCase()];
  if (!op) {
    failure(rec, "route", "not in Discord's OpenAPI description");
    return;
  }
  // Request body. A body the schema rejects must have been refused by the
  // fake too (a test sending invalid input on purpose); one it accepted is a
  // failure: Discord would have answered 400 where the fake said yes.
  if (rec.body !== null && rec.body !== undefined) {
    if (op.request === undefined) {
      failure(rec, "request", "route takes no body but one was sent");
    } else {
      const body = applyDeviations(rec.route, structuredClone(rec.body), REQUEST_DEVIATIONS);
      const issues = problems(op.request, body, lenient);
      if (issues === null) skip(`no named schema for request type ${op.request.slice(0, 40)}`);
      else if (issues.length === 0) passed++;
      else if (rec.status >= 400 && rec.status < 500) {
        passed++;
        agreedRejections++;
      } else failure(rec, `request accepted with ${rec.status} but invalid`, `${op.request} :: ${issues.join("; ")}`);
    }
  }
  // Response body, by status.
  const key = String(rec.status) in op.responses ? String(rec.status) : `${String(rec.status)[0]}XX`;
  const type = op.responses[key];
  if (type === undefined) {
    failure(rec, "response", `status ${rec.status} not documented (documented: ${Object.keys(op.responses).join(", ")})`);
    return;
  }
  if (rec.status === 204) {
    if (rec.response === null) passed++;
    else failure(rec, "response", "204 with a body");
    return;
  }
  const response = applyDeviations(rec.route, structuredClone(rec.response), RESPONSE_DEVIATIONS);
  validate(rec, `response ${rec.status}`, type, response, strictSchemas);
}

function validate(rec, what, typeExpr, value, schemas) {
  const issues = problems(typeExpr, value, schemas);
  if (issues === null) skip(`no named schema for ${what.split(" ")[0]} type ${typeExpr.slice(0, 40)}`);
  else if (issues.length === 0) passed++;
  else failure(rec, what, `${typeExpr} :: ${issues.join("; ")}`);
}

// problems returns the schema violations of value (empty if valid), or null
// when the type has no named schema.
function problems(typeExpr, value, schemas) {
  const schema = schemaFor(typeExpr, schemas);
  if (schema === null) return null;
  const res = schema.safeParse(value);
  if (res.success) return [];
  return flatten(res.error.issues, [])
    .slice(0, 4)
    .map((is) => `${is.path.join(".") || "(root)"}: ${is.code === "unrecognized_keys" ? "fields not in the spec: " + is.keys.join(", ") : is.message}`);
}

// Known differences between discord-api-spec and what Discord really sends
// and accepts. Each is applied before validation and counted in the output,
// so a new difference still fails until it is understood and listed here.
//  - default_member_permissions: Discord's API reference documents a string
//    (a permission bit set); discordgo sends a string; the spec says number.
//  - 50035 error details: Discord's `_errors` entries carry string codes
//    ("BASE_TYPE_MAX_LENGTH"); the spec types them as the numeric Error.
const REQUEST_DEVIATIONS = [
  {
    name: "default_member_permissions sent as a string",
    routes: /\/commands$/,
    apply(body) {
      let n = 0;
      for (const cmd of Array.isArray(body) ? body : [body]) {
        if (cmd && typeof cmd.default_member_permissions === "string" && /^\d+$/.test(cmd.default_member_permissions)) {
          cmd.default_member_permissions = Number(cmd.default_member_permissions);
          n++;
        }
      }
      return n;
    },
  },
];
const RESPONSE_DEVIATIONS = [
  {
    name: "string codes in 50035 error details",
    routes: /.*/,
    apply(body) {
      if (!body || typeof body !== "object" || !body.errors) return 0;
      let n = 0;
      const walk = (node) => {
        if (!node || typeof node !== "object") return;
        if (Array.isArray(node._errors)) {
          for (const e of node._errors) {
            if (e && typeof e.code === "string") {
              e.code = 0;
              n++;
            }
          }
        }
        for (const [k, v] of Object.entries(node)) if (k !== "_errors") walk(v);
      };
      walk(body.errors);
      return n;
    },
  },
];
const deviationCounts = new Map();
let agreedRejections = 0;

function applyDeviations(route, body, list) {
  for (const d of list) {
    if (!d.routes.test(route)) continue;
    const n = d.apply(body);
    if (n > 0) deviationCounts.set(d.name, (deviationCounts.get(d.name) || 0) + n);
  }
  return body;
}

// flatten replaces each union failure by the issues of the branch that came
// closest, so a report names the field that is wrong. A branch whose
// discriminating literal ("type": 3) or whose very shape (object vs null)
// does not match is a wrong branch, whatever its issue count.
function flatten(issues, prefix) {
  const out = [];
  for (const is of issues) {
    const path = [...prefix, ...is.path];
    if (is.code === "invalid_union" && Array.isArray(is.errors) && is.errors.length > 0) {
      const rank = (branch) =>
        branch.filter((b) => b.code === "invalid_value" || (b.code === "invalid_type" && b.path.length === 0)).length * 1000 +
        branch.length;
      const best = is.errors
        .map((branch) => ({ rank: rank(branch), issues: flatten(branch, path) }))
        .sort((a, b) => a.rank - b.rank)[0].issues;
      out.push(...best);
    } else {
      out.push({ ...is, path });
    }
  }
  return out;
}

// schemaFor turns a TypeScript type expression from Paths ("A | B[] | null")
// into a zod schema, or null when a part is an inline type without a schema.
function schemaFor(expr, schemas) {
  const parts = expr.split("|").map((p) => p.trim()).filter((p) => p !== "");
  const out = [];
  for (const p of parts) {
    if (p === "null") out.push(z.null());
    else if (p === "unknown") out.push(z.unknown());
    else if (/^[A-Za-z0-9_]+\[\]$/.test(p)) {
      const s = schemas[p.slice(0, -2) + "Schema"];
      if (!s) return null;
      out.push(z.array(s));
    } else if (/^[A-Za-z0-9_]+$/.test(p)) {
      const s = schemas[p + "Schema"];
      if (!s) return null;
      out.push(s);
    } else return null;
  }
  if (out.length === 0) return null;
  return out.length === 1 ? out[0] : z.union(out);
}

// parsePaths reads `export interface Paths { ... }` into
// { route: { method: { request: typeExpr|undefined, responses: {status: typeExpr} } } }.
function parsePaths(ts) {
  const start = ts.indexOf("export interface Paths {");
  if (start < 0) throw new Error("discord-api-spec: no 'export interface Paths'");
  const lines = ts.slice(start).split("\n");
  const result = {};
  let route = null;
  let method = null;
  let inResponses = false;
  // A type expression may span lines ("requestBody?:\n | A\n | B;").
  let pending = null; // { set(text) , text }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === "}") break;
    if (pending) {
      pending.text += " " + line.trim();
      if (balanced(pending.text) && pending.text.trimEnd().endsWith(";")) {
        pending.set(clean(pending.text));
        pending = null;
      }
      continue;
    }
    let m;
    if ((m = /^  "([^"]+)": \{$/.exec(line))) {
      route = m[1];
      result[route] = {};
      continue;
    }
    if ((m = /^    (get|post|put|patch|delete): \{$/.exec(line)) && route) {
      method = m[1];
      result[route][method] = { request: undefined, responses: {} };
      inResponses = false;
      continue;
    }
    if (!method) continue;
    if ((m = /^      requestBody\?:(.*)$/.exec(line))) {
      const op = result[route][method];
      pending = { text: m[1], set: (t) => (op.request = t === "undefined" ? undefined : t) };
      if (balanced(pending.text) && pending.text.trimEnd().endsWith(";")) {
        pending.set(clean(pending.text));
        pending = null;
      }
      continue;
    }
    if (/^      responses: \{$/.test(line)) {
      inResponses = true;
      continue;
    }
    if (inResponses && (m = /^        "([0-9X]{3})":(.*)$/.exec(line))) {
      const op = result[route][method];
      const code = m[1];
      pending = { text: m[2], set: (t) => (op.responses[code] = t) };
      if (balanced(pending.text) && pending.text.trimEnd().endsWith(";")) {
        pending.set(clean(pending.text));
        pending = null;
      }
      continue;
    }
    if (inResponses && /^      \};$/.test(line)) inResponses = false;
  }
  if (Object.keys(result).length < 50) throw new Error("discord-api-spec: parsed too few paths; format changed?");
  return result;
}

function balanced(text) {
  let depth = 0;
  for (const ch of text) {
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
  }
  return depth === 0;
}

function clean(text) {
  return text.trim().replace(/;$/, "").replace(/^\|/, "").trim();
}

main();
