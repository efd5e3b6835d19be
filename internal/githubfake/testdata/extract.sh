#!/usr/bin/env bash
# Rebuilds openapi-extract.json and fixtures-extract.json from the npm registry.
# Needs node and npm. Pin the versions below (README.md names them) or pass others:
#   ./extract.sh [OPENAPI_VERSION] [FIXTURES_VERSION]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
openapi_version="${1:-23.0.2}"
fixtures_version="${2:-23.1.2}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "@octokit/openapi@${openapi_version}" "@octokit/fixtures@${fixtures_version}" >/dev/null
mkdir openapi fixtures
tar xzf octokit-openapi-*.tgz -C openapi
tar xzf octokit-fixtures-*.tgz -C fixtures
node "$here/extract.js" openapi/package fixtures/package "$here"
ls -l "$here"/openapi-extract.json "$here"/fixtures-extract.json
