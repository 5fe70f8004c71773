#!/usr/bin/env bash
# Build the front-end assets into ../static/ (the output is committed, so the
# app itself never needs node). Run from anywhere: bash frontend/build.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static="$here/../static"
govuk="$here/node_modules/govuk-frontend/dist/govuk"

cd "$here"
npm ci --no-audit --no-fund

sass() {
  npx --no-install sass --pkg-importer=node --no-source-map --quiet-deps "$@"
}

mkdir -p "$static/govuk" "$static/css"
sass --style=compressed src/govuk.scss "$static/govuk/govuk-frontend.min.css"
sass --style=expanded src/cip.scss "$static/css/cip.css"

# The JS bundle is an ES module: load it with <script type="module">.
cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$static/govuk/"
version="$(node -p 'require("govuk-frontend/package.json").version')"
printf '%s\n' "$version" >"$static/govuk/VERSION"

# GOV.UK's reserved brand must not ship: no GDS Transport, no font files, no crest.
if grep -Eqi 'GDS Transport|@font-face|/fonts/|govuk-crest|url\(' \
  "$static/govuk/govuk-frontend.min.css" "$static/css/cip.css"; then
  echo "build.sh: compiled CSS references a reserved font, font file or image" >&2
  exit 1
fi

echo "Built GOV.UK Frontend $version into $static"
