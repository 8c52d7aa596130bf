#!/usr/bin/env bash
# The README walkthrough as one script, against a running system (local-stack/run or docker compose):
#   docs/walkthrough.sh [http://localhost:8080]
# Places an order that completes and one that is compensated, follows them with ETag long polls (the second also
# with its server-sent events), and looks at the sagas as support staff. Needs curl. Exits non-zero when an answer
# is not what the README promises.
set -euo pipefail
base="${1:-http://localhost:8080}"
support="${SUPPORT_USER:-support:support-dev-password}"

field() { # field NAME JSON -> the string value of "NAME" (or null)
  printf '%s' "$2" | grep -o "\"$1\":\(null\|\"[^\"]*\"\)" | head -n1 | sed -e "s/^\"$1\"://" -e 's/^"//' -e 's/"$//'
}
header() { # header NAME RESPONSE_HEADERS_FILE
  grep -i "^$1:" "$2" | head -n1 | sed -e "s/^[^:]*: *//" -e 's/\r$//'
}
fail() { echo "walkthrough: FAILED: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

place() { # place BODY [IDEMPOTENCY_KEY] -> prints the answer body; fails unless 202
  local hdrs; hdrs=$(mktemp)
  local args=(-s -D "$hdrs" -X POST "$base/orders" -H 'Content-Type: application/json' -d "$1")
  [[ -n "${2:-}" ]] && args+=(-H "Idempotency-Key: $2")
  local body; body=$(curl "${args[@]}")
  local status; status=$(head -n1 "$hdrs" | awk '{print $2}')
  echo "HTTP $status  Location: $(header Location "$hdrs")" >&2
  rm -f "$hdrs"
  [[ "$status" == "202" ]] || fail "POST /orders answered $status: $body"
  printf '%s' "$body"
}

follow() { # follow ORDER_ID -> long-polls until the order leaves PENDING; prints the final body
  local hdrs; hdrs=$(mktemp)
  local body; body=$(curl -s -D "$hdrs" "$base/orders/$1")
  local etag; etag=$(header ETag "$hdrs")
  [[ -n "$etag" ]] || fail "GET /orders/$1 has no ETag"
  local deadline=$((SECONDS + 60))
  while [[ "$(field status "$body")" == "PENDING" ]]; do
    (( SECONDS < deadline )) || fail "order $1 still PENDING after 60 s"
    echo "  PENDING (ETag $etag); long poll: If-None-Match + Prefer: wait=10" >&2
    local next; next=$(curl -s -D "$hdrs" -H "If-None-Match: $etag" -H 'Prefer: wait=10' "$base/orders/$1")
    local status; status=$(head -n1 "$hdrs" | awk '{print $2}')
    if [[ "$status" == "200" ]]; then body="$next"; etag=$(header ETag "$hdrs"); fi
  done
  local status; status=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/orders/$1")
  [[ "$status" == "304" ]] || fail "If-None-Match with the current ETag answered $status, not 304"
  echo "  unchanged since ETag $etag: 304" >&2
  rm -f "$hdrs"
  printf '%s' "$body"
}

step "1. Place an order that completes (payment, stock and shipping all succeed)"
key="walkthrough-$(date +%s)-$RANDOM"
happy='{"customerId":"alice","currency":"EUR","items":[{"sku":"SKU-1","quantity":2,"unitPrice":"19.99"}],"shippingAddress":{"name":"Alice","line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"}}'
answer=$(place "$happy" "$key")
echo "$answer"
happy_order=$(field orderId "$answer")
happy_saga=$(field sagaId "$answer")
[[ -n "$happy_order" ]] || fail "no orderId in $answer"

step "2. The same request again with the same Idempotency-Key: the same order, no second saga"
again=$(place "$happy" "$key")
[[ "$(field orderId "$again")" == "$happy_order" ]] || fail "same key gave another order: $again"
echo "$again"

step "3. Poll it with ETag and long poll until it is done"
final=$(follow "$happy_order")
echo "$final"
[[ "$(field status "$final")" == "COMPLETED" ]] || fail "expected COMPLETED: $final"
[[ -n "$(field trackingNumber "$final")" && "$(field trackingNumber "$final")" != "null" ]] || fail "no tracking number"

step "4. Place an order that is compensated: Japan is not served, so stock is released and the charge refunded"
far='{"customerId":"bob","currency":"EUR","items":[{"sku":"SKU-2","quantity":1,"unitPrice":"5.00"}],"shippingAddress":{"name":"Bob","line1":"1-1 Chiyoda","city":"Tokyo","postalCode":"100-0001","country":"JP"}}'
answer=$(place "$far")
echo "$answer"
far_order=$(field orderId "$answer")
far_saga=$(field sagaId "$answer")
echo "  its status as server-sent events, until the stream ends after the final one:" >&2
stream=$(curl -sN --max-time 60 -H 'Accept: text/event-stream' "$base/orders/$far_order/events") \
  || fail "the event stream of $far_order did not end by itself"
echo "$stream"
grep -Eq '^event: ?status' <<<"$stream" || fail "no status event in the stream: $stream"
last_data=$(grep -E '^data:' <<<"$stream" | tail -n1)
[[ "$(field status "$last_data")" == "CANCELLED" ]] || fail "the stream did not end with CANCELLED: $stream"
final=$(follow "$far_order")
echo "$final"
[[ "$(field status "$final")" == "CANCELLED" ]] || fail "expected CANCELLED: $final"
[[ "$(field reason "$final")" == "SHIPPING_UNAVAILABLE" ]] || fail "expected SHIPPING_UNAVAILABLE: $final"

step "5. The saga behind each order"
curl -s "$base/sagas/$happy_saga"; echo
curl -s "$base/sagas/$far_saga"; echo

step "6. Support staff: list sagas, then the compensated saga's whole timeline"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/admin/sagas")
[[ "$status" == "401" ]] || fail "admin without credentials answered $status, not 401"
echo "without credentials: 401"
list=$(curl -s -f -u "$support" "$base/admin/sagas?limit=5") || fail "admin list failed"
echo "$list" | cut -c1-600; echo
timeline=$(curl -s -f -u "$support" "$base/admin/sagas/$far_saga") || fail "admin saga view failed"
echo "$timeline" | cut -c1-1200; echo
for type in ChargePayment ReserveInventory ScheduleShipment ShippingUnavailable ReleaseInventory RefundPayment; do
  grep -q "$type" <<<"$timeline" || fail "timeline of $far_saga lacks $type"
done

printf '\nwalkthrough: OK (completed order %s, compensated order %s)\n' "$happy_order" "$far_order"
