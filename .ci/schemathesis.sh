#!/usr/bin/env bash
# Schemathesis against running zjcs servers, as CI runs it (called by .ci/run; runnable alone):
#   - on SQLite, as every role: administrator, regulator, owner, firm (intermediary), anonymous;
#   - on PostgreSQL (a fresh database), as administrator.
# Every phase runs: examples, coverage, fuzzing and stateful. The spec publishes no OpenAPI
# links, so the stateful phase has only the links schemathesis infers itself (about 1,400, from
# matching names). Its scenarios run and pass, but a chain starts only where a generated body is
# accepted (a project needs a catalogue item, a firm a valid credit code), so few or none of the
# links are followed: the "API Links: N covered" line of each role's log says how many.
#
# Usage: .ci/schemathesis.sh ZJCS_BINARY LOG_DIR [POSTGRES_URL]
# Environment: ST_MAX_EXAMPLES (default 15 per operation and role) bounds the run time.
set -euo pipefail
zjcs=$(realpath "$1")
logs=$(realpath -m "$2")
pg_url=${3:-}
max=${ST_MAX_EXAMPLES:-15}
cd "$(dirname "$0")/.."
mkdir -p "$logs"
st() { python3 -c 'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "st"; schemathesis()' "$@"; }
pw='schemathesis password'
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# start NAME PORT DATA_DIR [DATABASE_URL]: a zjcs on PORT, ready; its log in $logs.
start() {
  local name=$1 port=$2 dir=$3 db=${4:-}
  (cd "$dir" && exec env ZJCS_BIND="127.0.0.1:$port" RUST_LOG=warn ${db:+DATABASE_URL="$db"} "$zjcs") \
    > "$logs/zjcs-schemathesis-$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0; sleep 0.5; done
  echo "zjcs ($name) did not become ready"; cat "$logs/zjcs-schemathesis-$name.log"; exit 1
}

# privileged DIR ROLE EMAIL [DATABASE_URL]: an administrator or regulator, created by the CLI.
privileged() {
  printf '%s\n' "$pw" | (cd "$1" && ${4:+env DATABASE_URL="$4"} "$zjcs" user create --role "$2" \
    --email "$3" --name "接口测试 $2" --password-stdin) >/dev/null
}

login() {
  curl -sf -X POST -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$pw\"}" "$1/api/v1/sessions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# register BASE DIR ROLE EMAIL: self-registration through the API, verified by the token in the
# welcome mail (written to the data dir's mail folder as .eml when no SMTP server is set).
register() {
  local base=$1 dir=$2 role=$3 email=$4 kind=''
  [ "$role" = owner ] && kind=',"owner_kind":"company"'
  curl -sf -X POST -H 'content-type: application/json' \
    -d "{\"role\":\"$role\",\"name\":\"接口测试 $role\",\"email\":\"$email\",\"password\":\"$pw\"$kind}" \
    "$base/api/v1/accounts" >/dev/null
  local token=''
  for _ in $(seq 1 60); do
    token=$(python3 - "$dir/mail" "$email" <<'EOF'
import email, email.policy, pathlib, re, sys
for f in pathlib.Path(sys.argv[1]).glob("*.eml"):
    m = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    if sys.argv[2] in str(m["To"]):
        t = re.search(r"token=([0-9a-f]{64})", m.get_body(("plain",)).get_content())
        if t:
            print(t.group(1))
EOF
)
    [ -n "$token" ] && break
    sleep 0.5
  done
  [ -n "$token" ] || { echo "no verification mail for $email"; exit 1; }
  curl -sf -X POST -H 'content-type: application/json' -d "{\"token\":\"$token\"}" \
    "$base/api/v1/accounts/verify-email" >/dev/null
}

# run NAME BASE [TOKEN]: every phase and check against one server as one caller.
run() {
  local name=$1 base=$2 token=${3:-}
  echo "--- schemathesis as $name"
  if ! st --config-file .ci/schemathesis.toml run "$base/openapi.json" --url "$base/api/v1" \
    --checks all --phases examples,coverage,fuzzing,stateful --max-examples "$max" --seed 19 \
    ${token:+-H "Authorization: Bearer $token"} 2>&1 | tee "$logs/schemathesis-$name.log"; then
    failed+=("$name")
  fi
}
failed=()

sqlite_dir=$(mktemp -d)
port=${ST_PORT:-18181}
base=http://127.0.0.1:$port
privileged "$sqlite_dir" admin st-admin@example.cn
privileged "$sqlite_dir" regulator st-regulator@example.cn
start sqlite "$port" "$sqlite_dir"
register "$base" "$sqlite_dir" owner st-owner@example.cn
register "$base" "$sqlite_dir" intermediary st-firm@example.cn
for role in admin regulator owner firm; do
  run "$role" "$base" "$(login "$base" "st-$role@example.cn")"
done
run anonymous "$base"

if [ -n "$pg_url" ]; then
  # A fresh database next to the one the URL names.
  pg_db=zjcs_st_$$
  psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
  pg_st="${pg_url%/*}/$pg_db"
  pg_dir=$(mktemp -d)
  (cd "$pg_dir" && DATABASE_URL="$pg_st" "$zjcs" migrate) >/dev/null
  privileged "$pg_dir" admin st-admin@example.cn "$pg_st"
  start postgres $((port + 1)) "$pg_dir" "$pg_st"
  run admin-postgres http://127.0.0.1:$((port + 1)) "$(login http://127.0.0.1:$((port + 1)) st-admin@example.cn)"
fi

for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
pids=()
[ -n "$pg_url" ] && psql -q "$pg_url" -c "DROP DATABASE IF EXISTS $pg_db"
if grep -qiE 'panicked' "$logs"/zjcs-schemathesis-*.log; then
  echo "zjcs panicked during schemathesis:"; grep -iE -A5 'panicked' "$logs"/zjcs-schemathesis-*.log; exit 1
fi
for name in admin regulator owner firm anonymous ${pg_url:+admin-postgres}; do
  printf 'schemathesis as %-15s %s\n' "$name:" "$(grep -E 'passed|failures?' "$logs/schemathesis-$name.log" | tail -n 1)"
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "schemathesis failed as: ${failed[*]}"; exit 1
fi
