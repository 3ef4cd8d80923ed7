#!/usr/bin/env bash
# Regenerates the samples in this folder from the example release at the repository root (model/manifest.json,
# reports/latest-bias-report.json, .github/governance-policy.yml). Offline; SOURCE_DATE_EPOCH pins the generation
# time so the output only changes when the example does.
#
#   npm run bundle && bash docs/samples/generate.sh
#
# MLGOV overrides the CLI to run (default: node dist/cli.js).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mlgov=${MLGOV:-"node dist/cli.js"}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795251600} # 2026-11-21T09:00:00Z

$mlgov card --format md --output docs/samples/model-card.md
$mlgov card --format html --output docs/samples/model-card.html
$mlgov export --format cyclonedx --output docs/samples/ml-bom.cdx.json
$mlgov export --format in-toto --output docs/samples/statement.intoto.json
$mlgov export --format in-toto --predicate-only --output docs/samples/predicate.json

# A picture of the HTML card for the docs, when Chromium is installed (apt-get install -y chromium).
if command -v chromium >/dev/null 2>&1; then
  profile="$(mktemp -d)"
  trap 'rm -rf "$profile"' EXIT
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$root/docs/samples/model-card.png" --window-size=1280,1500 \
    "file://$root/docs/samples/model-card.html" 2>/dev/null
fi
