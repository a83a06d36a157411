#!/usr/bin/env python3
"""CI's check of the running API's Prometheus endpoint (called by .ci/run).

Usage: metrics-check.py API_URL METRICS_URL. The API must run with the demo seeded. Scrapes the metrics, settles one
exchange as a client would (the demo admin makes a community that allows recording, two members record), waits for
the outbox to publish the event, scrapes again, checks the text with Prometheus's `promtool check metrics` and that
the settle, ledger, outbox and GraphQL metrics moved. Python 3 standard library only; exits 1 on any failure.
"""
import json
import re
import subprocess
import sys
import time
import urllib.request

api, metrics = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")


def post(query, variables=None, token=None):
    request = urllib.request.Request(api + "/graphql", data=json.dumps({"query": query, "variables": variables}).encode(),
                                     headers={"content-type": "application/json"})
    if token:
        request.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def mutate(field, input_type, selection, value, token):
    body = post(f"mutation($input: {input_type}!) {{ {field}(input: $input) {{ {selection} errors {{ code }} }} }}", {"input": value}, token)
    payload = (body.get("data") or {}).get(field)
    if not payload or payload["errors"]:
        sys.exit(f"metrics-check: {field} failed: {json.dumps(body)}")
    return payload


def login(email, password):
    body = post("mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code } } }",
                {"input": {"email": email, "password": password}})
    token = ((body.get("data") or {}).get("login") or {}).get("accessToken")
    return token or sys.exit(f"metrics-check: login {email} failed: {json.dumps(body)}")


def member(admin, community, name):
    body = post("mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code } } }",
                {"input": {"email": f"{name}@ci.local", "password": "correct horse battery"}})
    token = body["data"]["register"]["accessToken"] or sys.exit(f"metrics-check: register failed: {json.dumps(body)}")
    member_id = mutate("joinCommunity", "JoinCommunityInput", "member { id }", {"communityId": community, "displayName": name}, token)["member"]["id"]
    mutate("approveMember", "ApproveMemberInput", "member { id }", {"memberId": member_id}, admin)
    return token, member_id


def scrape():
    with urllib.request.urlopen(metrics + "/metrics", timeout=30) as response:
        return response.read().decode()


def total(text, name, **labels):
    """Sum of the samples of `name` whose labels include `labels`."""
    result = 0.0
    for line in text.splitlines():
        match = re.match(re.escape(name) + r"(\{[^}]*\})?\s+(\S+)", line)
        if match and all(f'{k}="{v}"' in (match.group(1) or "") for k, v in labels.items()):
            result += float(match.group(2))
    return result


admin = login("admin@demo.timebank.local", "tb-admin-demo-2026")
policy = {"joiningGrantMinutes": 600, "floorMinutes": -6000, "ceilingMinutes": 6000, "allowsDirectRecording": True}
community = mutate("createCommunity", "CreateCommunityInput", "community { id }",
                   {"slug": "ci-metrics", "name": "CI metrics", "timeZone": "Europe/Lisbon", "policy": policy}, admin)["community"]["id"]
receiver, _ = member(admin, community, "ci-receiver")
_, provider = member(admin, community, "ci-provider")

before = scrape()
mutate("recordExchange", "RecordExchangeInput", "exchange { id }", {"providerMemberId": provider, "minutes": 30, "description": "ci"}, receiver)
deadline = time.monotonic() + 30
after = scrape()
while total(after, "timebank_outbox_lag_seconds_count") <= total(before, "timebank_outbox_lag_seconds_count"):
    if time.monotonic() > deadline:
        sys.exit("metrics-check: the outbox metric did not move within 30 s of a settle")
    time.sleep(0.2)
    after = scrape()

lint = subprocess.run(["promtool", "check", "metrics"], input=after, text=True, capture_output=True)
if lint.returncode != 0:
    sys.exit(f"metrics-check: promtool check metrics failed ({lint.returncode}):\n{lint.stdout}{lint.stderr}")

failed = False
for name, labels in [
    ("timebank_ledger_settle_duration_seconds_count", {"ledger_command": "Transfer", "ledger_status": "Ok"}),
    ("timebank_ledger_writer_batch_size_count", {}),
    ("timebank_outbox_lag_seconds_count", {}),
    ("timebank_graphql_operation_duration_seconds_count", {"graphql_root_field": "recordExchange", "graphql_outcome": "ok"}),
    ("http_server_request_duration_seconds_count", {}),
]:
    moved = total(after, name, **labels) - total(before, name, **labels)
    print(f"metrics-check: {name}{labels or ''} moved by {moved:g}")
    if moved < 1:
        failed = True
print("metrics-check: promtool check metrics passed" if not failed else "metrics-check: a metric did not move after a settle")
sys.exit(1 if failed else 0)
