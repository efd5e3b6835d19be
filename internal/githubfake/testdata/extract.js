#!/usr/bin/env node
// Rebuilds the small extracts that internal/githubfake's contract tests read:
//
//   openapi-extract.json   response schemas (status 200/201) of every operation the fake serves,
//                          with the components/schemas entries they need, from @octokit/openapi
//   fixtures-extract.json  recorded request/response pairs of four scenarios, from @octokit/fixtures
//
// Usage (extract.sh does all of this):
//   node extract.js OPENAPI_PACKAGE_DIR FIXTURES_PACKAGE_DIR OUT_DIR
//
// OpenAPI 3.0 is not JSON Schema: `nullable: true` has no meaning there, so it is turned into a type
// union (`"type": ["object", "null"]`, and `null` added to an `enum`), or, for a schema without a
// `type`, into `anyOf: [{"type": "null"}, …]`. Descriptions and examples are dropped to keep the
// extract small; property names are never touched.
"use strict";

const fs = require("fs");
const path = require("path");

const [openapiDir, fixturesDir, outDir] = process.argv.slice(2);
if (!openapiDir || !fixturesDir || !outDir) {
  console.error("usage: node extract.js OPENAPI_PACKAGE_DIR FIXTURES_PACKAGE_DIR OUT_DIR");
  process.exit(2);
}

// ---------------------------------------------------------------- OpenAPI

// The operations the fake serves: [method, OpenAPI path].
const OPERATIONS = [
  ["get", "/repos/{owner}/{repo}"],
  ["get", "/repos/{owner}/{repo}/labels"],
  ["post", "/repos/{owner}/{repo}/labels"],
  ["get", "/repos/{owner}/{repo}/labels/{name}"],
  ["patch", "/repos/{owner}/{repo}/labels/{name}"],
  ["delete", "/repos/{owner}/{repo}/labels/{name}"],
  ["get", "/repos/{owner}/{repo}/milestones"],
  ["post", "/repos/{owner}/{repo}/milestones"],
  ["get", "/repos/{owner}/{repo}/milestones/{milestone_number}"],
  ["patch", "/repos/{owner}/{repo}/milestones/{milestone_number}"],
  ["get", "/repos/{owner}/{repo}/issues"],
  ["post", "/repos/{owner}/{repo}/issues"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["put", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["delete", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["get", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["get", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/parent"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by"],
  ["get", "/orgs/{org}/issue-types"],
  ["get", "/rate_limit"],
];

// Keywords dropped from every schema object (documentation only).
const DROP = new Set(["description", "example", "examples", "externalDocs", "x-github"]);
// Keywords whose value is a map from names to schemas.
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
// Keywords whose value is a schema or a list of schemas.
const SCHEMA_VALUES = new Set(["items", "additionalProperties", "not", "allOf", "anyOf", "oneOf", "if", "then", "else", "contains", "propertyNames"]);

function convertSchema(s) {
  if (Array.isArray(s)) return s.map(convertSchema);
  if (s === null || typeof s !== "object") return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k) || k === "nullable" || k.startsWith("x-")) continue;
    if (SCHEMA_MAPS.has(k)) {
      out[k] = {};
      for (const [name, sub] of Object.entries(v)) out[k][name] = convertSchema(sub);
    } else if (SCHEMA_VALUES.has(k)) {
      out[k] = convertSchema(v);
    } else {
      out[k] = v;
    }
  }
  if (s.nullable === true) {
    if (out.type !== undefined) {
      const types = Array.isArray(out.type) ? out.type : [out.type];
      if (!types.includes("null")) out.type = [...types, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [{ type: "null" }, out] };
  }
  return out;
}

function collectRefs(o, into) {
  if (Array.isArray(o)) { o.forEach((x) => collectRefs(x, into)); return; }
  if (o === null || typeof o !== "object") return;
  for (const [k, v] of Object.entries(o)) {
    if (k === "$ref" && typeof v === "string") into.add(v);
    else collectRefs(v, into);
  }
}

function resolve(doc, ref) {
  if (!ref.startsWith("#/")) throw new Error("external $ref " + ref);
  return ref.slice(2).split("/").reduce((o, p) => o[p.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

function extractOpenAPI() {
  const pkg = JSON.parse(fs.readFileSync(path.join(openapiDir, "package.json"), "utf8"));
  const doc = JSON.parse(fs.readFileSync(path.join(openapiDir, "generated", "api.github.com.json"), "utf8"));
  const operations = [];
  const roots = new Set();
  for (const [method, p] of OPERATIONS) {
    const op = doc.paths[p] && doc.paths[p][method];
    if (!op) throw new Error(`operation ${method} ${p} not in the description`);
    let resp = null, status = null;
    for (const st of ["200", "201", "204"]) {
      if (op.responses[st]) { resp = op.responses[st]; status = st; break; }
    }
    if (resp && resp.$ref) resp = resolve(doc, resp.$ref);
    const media = resp && resp.content && resp.content["application/json"];
    const schema = media ? media.schema : null;
    if (schema) collectRefs(schema, roots);
    operations.push({
      method: method.toUpperCase(),
      path: p,
      operationId: op.operationId,
      status: Number(status),
      schema: schema ? convertSchema(schema) : null,
    });
  }
  // Error bodies: GitHub's shared error responses, by status.
  const errors = {};
  for (const [status, name] of [["401", "requires_authentication"], ["403", "forbidden"], ["404", "not_found"], ["422", "validation_failed"]]) {
    const schema = doc.components.responses[name].content["application/json"].schema;
    collectRefs(schema, roots);
    errors[status] = convertSchema(schema);
  }
  // Transitive closure of the referenced components.
  const seen = new Set();
  const todo = [...roots];
  while (todo.length) {
    const ref = todo.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const more = new Set();
    collectRefs(resolve(doc, ref), more);
    todo.push(...more);
  }
  const schemas = {};
  for (const ref of [...seen].sort()) {
    const m = ref.match(/^#\/components\/schemas\/(.+)$/);
    if (!m) throw new Error("unexpected $ref outside components/schemas: " + ref);
    schemas[m[1]] = convertSchema(resolve(doc, ref));
  }
  return {
    source: { package: pkg.name, version: pkg.version, file: "generated/api.github.com.json" },
    operations,
    errors,
    components: { schemas },
  };
}

// ---------------------------------------------------------------- fixtures

const SCENARIOS = ["labels", "paginate-issues", "errors", "add-labels-to-issue"];
// Response headers that carry API meaning (the rest is CDN/security noise).
const KEEP_HEADERS = ["content-type", "link", "location", "x-github-media-type", "x-github-request-id",
  "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-resource", "x-ratelimit-used"];

// In array responses, issues after the first keep only what identifies them: the first element
// shows the full shape, the rest the order and the page size.
function shrinkBody(body) {
  if (!Array.isArray(body)) return body;
  return body.map((item, i) => {
    if (i === 0 || item === null || typeof item !== "object" || !("number" in item)) return item;
    return { number: item.number, title: item.title };
  });
}

function extractFixtures() {
  const pkg = JSON.parse(fs.readFileSync(path.join(fixturesDir, "package.json"), "utf8"));
  const scenarios = {};
  for (const name of SCENARIOS) {
    const file = path.join(fixturesDir, "scenarios", "api.github.com", name, "normalized-fixture.json");
    const recorded = JSON.parse(fs.readFileSync(file, "utf8"));
    scenarios[name] = recorded.map((x) => {
      const headers = {};
      for (const h of KEEP_HEADERS) if (x.headers && x.headers[h] !== undefined) headers[h] = String(x.headers[h]);
      return {
        method: x.method.toUpperCase(),
        path: x.path,
        requestBody: x.body === undefined || x.body === "" ? null : x.body,
        status: x.status,
        headers,
        body: x.response === "" ? null : shrinkBody(x.response),
      };
    });
  }
  return {
    source: { package: pkg.name, version: pkg.version, files: SCENARIOS.map((s) => `scenarios/api.github.com/${s}/normalized-fixture.json`) },
    scenarios,
  };
}

fs.writeFileSync(path.join(outDir, "openapi-extract.json"), JSON.stringify(extractOpenAPI()) + "\n");
fs.writeFileSync(path.join(outDir, "fixtures-extract.json"), JSON.stringify(extractFixtures(), null, 1) + "\n");
