#!/usr/bin/env bash
# make serve: retour serve on the demo warehouse (make demo first when it is
# missing), on 127.0.0.1:${PORT:-8080}, with fresh viewer and admin tokens
# printed once. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/retour}
DIR=${DEMO_DIR:-demo-out}
PORT=${PORT:-8080}
if [ ! -f "$DIR/retour.duckdb" ] || [ ! -f "$DIR/reports/index.html" ]; then
  make demo DEMO_DIR="$DIR"
fi
mkdir -p "$DIR/inbox"
token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export RETOUR_VIEWER_TOKEN=${RETOUR_VIEWER_TOKEN:-$(token)}
export RETOUR_ADMIN_TOKEN=${RETOUR_ADMIN_TOKEN:-$(token)}
cat > "$DIR/retour.yaml" <<YAML
# written by make serve (scripts/serve-demo.sh); docs/serve.md lists every key
warehouse: retour.duckdb
reports_dir: reports
listen: 127.0.0.1:$PORT
inbox:
  dir: inbox
tokens:
  viewers: [env:RETOUR_VIEWER_TOKEN]
  admins: [env:RETOUR_ADMIN_TOKEN]
YAML
"$BIN" serve --config "$DIR/retour.yaml" --check
cat <<MSG

  retour serve on the demo warehouse
  open      http://127.0.0.1:$PORT/   (sign in with the viewer token)
  explorer  http://127.0.0.1:$PORT/explorer
  viewer token: $RETOUR_VIEWER_TOKEN
  admin token:  $RETOUR_ADMIN_TOKEN
  inbox:        $DIR/inbox   (drop a CSV here, or: curl -H "Authorization: Bearer \$ADMIN" --data-binary @FILE "http://127.0.0.1:$PORT/api/v1/upload?name=FILE")

MSG
exec "$BIN" serve --config "$DIR/retour.yaml"
