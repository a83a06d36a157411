#!/usr/bin/env python3
"""Verifies a TimeBank evidence pack without any of TimeBank's code.

Usage: python3 verify_evidence_pack.py evidence-pack.zip

Written only from the pack's documented format (README.txt in the pack, docs/ledger.md, docs/auditing.md): it
checks each file's SHA-256 and size against manifest.json, recomputes every link of the community's hash chain from
the records in the files, every running balance and account balance from the postings, that every entry and the
trial balance sum to zero, every period snapshot against the postings and its digest, and the chain head against the
manifest. It prints a JSON summary and exits 1 on any mismatch, naming the record (e.g. "entry 57"), 2 on a pack it
cannot read. Python 3 standard library only.
"""

import hashlib
import io
import json
import sys
import zipfile

FORMAT = "timebank-evidence-pack/1"
GENESIS = "0" * 64
FILES = [
    "journal.csv", "journal.hledger", "accounts.csv", "limit-changes.csv", "period-closes.csv",
    "period-balances.csv", "chain.csv", "balances.csv", "README.txt",
]
MAX_PROBLEMS = 200


class Problems:
    def __init__(self):
        self.items = []
        self.total = 0

    def add(self, record, check, detail):
        self.total += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append({"record": record, "check": check, "detail": detail})


# ---- CSV: RFC 4180, where an unquoted empty field is null and "" is the empty text ----

def parse_line(text):
    """Splits one CSV record; returns (fields, complete). A field is None when empty and unquoted."""
    if '"' not in text:
        return [None if f == "" else f for f in text.split(",")], True
    fields, i, n = [], 0, len(text)
    while True:
        if i < n and text[i] == '"':
            i += 1
            value = []
            while True:
                j = text.find('"', i)
                if j < 0:
                    return None, False  # the quoted field goes on past this line
                value.append(text[i:j])
                if j + 1 < n and text[j + 1] == '"':
                    value.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            fields.append("".join(value))
        else:
            j = text.find(",", i)
            j = n if j < 0 else j
            raw = text[i:j]
            if '"' in raw:
                raise ValueError("a quote inside an unquoted field")
            fields.append(None if raw == "" else raw)
            i = j
        if i >= n:
            return fields, True
        if text[i] != ",":
            raise ValueError("text after a closing quote")
        i += 1
        if i == n:
            fields.append(None)
            return fields, True


def read_csv(archive, name):
    """Yields one dict per data row of a CSV file in the zip, streamed."""
    with archive.open(name) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        header = None
        pending = ""
        for physical in lines:
            text = pending + physical
            if text.endswith("\n"):
                body = text[:-1]
            else:
                body = text
            fields, complete = parse_line(body)
            if not complete:
                pending = text
                continue
            pending = ""
            if header is None:
                header = fields
                continue
            if len(fields) != len(header):
                raise ValueError(f"{name}: a row has {len(fields)} fields, the header {len(header)}")
            yield dict(zip(header, fields))
        if pending:
            raise ValueError(f"{name}: an unterminated quoted field")


def number(value):
    return None if value is None else int(value)


# ---- Canonical texts (docs/ledger.md): one "name=value\n" line per field ----

class Canonical:
    def __init__(self):
        self.parts = []

    def text(self, name, value):
        if value is None:
            self.parts.append(f"{name}=~\n")
        else:
            units = len(value.encode("utf-16-le")) // 2  # the length counts UTF-16 code units
            self.parts.append(f"{name}={units}:{value}\n")

    def int(self, name, value):
        self.parts.append(f"{name}={'~' if value is None else str(int(value))}\n")

    def bytes(self):
        return "".join(self.parts).encode("utf-8")


def link_hash(previous_hash, canonical_bytes):
    return hashlib.sha256(bytes.fromhex(previous_hash) + canonical_bytes).hexdigest()


def entry_text(entry, postings):
    c = Canonical()
    if entry["hash_format"] == 1:
        c.text("ledger-entry", "v1")
        c.int("sequence", entry["sequence"])
        c.text("kind", entry["kind"])
        c.text("memo", entry["memo"])
    elif entry["hash_format"] == 2:
        c.text("ledger-entry", "v2")
        c.int("sequence", entry["sequence"])
        c.text("kind", entry["kind"])
        c.text("memoDigest", entry["memo_digest"])
    else:
        return None
    c.int("effective", entry["effective"])
    c.int("recorded", entry["recorded"])
    c.text("actor", entry["actor"])
    c.text("principal", entry["principal"])
    c.int("policy", entry["policy"])
    c.text("key", entry["key"])
    c.text("causeType", entry["cause_type"])
    c.text("causeId", entry["cause_id"])
    c.int("reverses", entry["reverses"])
    c.int("hold", entry["hold"])
    for p in postings:
        c.int("posting", p["index"])
        c.int("account", p["account"])
        c.text("side", p["side"])
        c.int("amount", p["amount"])
        c.int("balanceAfter", p["balance_after"])
    return c.bytes()


def account_text(group, a):
    c = Canonical()
    c.text("ledger-account", "v1")
    c.int("id", a["id"])
    c.text("group", group)
    c.text("code", a["code"])
    c.text("kind", a["kind"])
    c.int("floor", a["floor"])
    c.int("ceiling", a["ceiling"])
    c.int("recorded", a["opened"])
    return c.bytes()


def limits_text(l):
    c = Canonical()
    c.text("ledger-limits", "v1")
    c.int("id", l["id"])
    c.int("account", l["account"])
    c.int("fromSequence", l["from"])
    c.int("floor", l["floor"])
    c.int("ceiling", l["ceiling"])
    c.int("recorded", l["recorded"])
    return c.bytes()


def close_text(group, close):
    c = Canonical()
    c.text("ledger-close", "v1")
    c.int("id", close["id"])
    c.text("group", group)
    c.int("endsAt", close["ends_at"])
    c.int("lastSequence", close["last_sequence"])
    c.text("balances", close["digest"])
    c.int("recorded", close["recorded"])
    return c.bytes()


def balances_digest(pairs):
    c = Canonical()
    for account_id, minutes in pairs:
        c.int("account", account_id)
        c.int("balance", minutes)
    return hashlib.sha256(c.bytes()).hexdigest()


# ---- The checks ----

def check_files(archive, manifest, problems):
    listed = {f["name"]: f for f in manifest.get("files", [])}
    for name in FILES:
        if name not in listed:
            problems.add(f"file {name}", "manifest", "the manifest does not list it")
    for name, entry in listed.items():
        try:
            digest, size = hashlib.sha256(), 0
            with archive.open(name) as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
        except KeyError:
            problems.add(f"file {name}", "present", "listed in the manifest but not in the zip")
            continue
        if digest.hexdigest() != entry.get("sha256"):
            problems.add(f"file {name}", "sha256", f"manifest {entry.get('sha256')}, file {digest.hexdigest()}")
        if size != entry.get("bytes"):
            problems.add(f"file {name}", "bytes", f"manifest {entry.get('bytes')}, file {size}")


def verify(path):
    problems = Problems()
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"unknown manifest format {manifest.get('format')!r}")
        group = manifest["ledger_group"]
        check_files(archive, manifest, problems)

        chain = [
            {"position": int(r["position"]), "type": r["record_type"], "id": int(r["record_id"]),
             "previous_hash": r["previous_hash"], "hash": r["hash"]}
            for r in read_csv(archive, "chain.csv")
        ]
        by_record = {}
        expected_previous = GENESIS
        for i, link in enumerate(chain):
            name = f"link {link['position']} ({link['type']} {link['id']})"
            if link["position"] != i + 1:
                problems.add(name, "position", f"expected position {i + 1}: positions must run 1, 2, 3, ... without gaps")
            if link["previous_hash"] != expected_previous:
                problems.add(name, "previous_hash", f"expected {expected_previous}, found {link['previous_hash']}")
            expected_previous = link["hash"]
            if (link["type"], link["id"]) in by_record:
                problems.add(name, "unique", "a record with two links")
            by_record[(link["type"], link["id"])] = link

        def check_link(record_name, record_type, record_id, position, canonical, stated=None):
            link = by_record.get((record_type, record_id))
            if link is None:
                problems.add(record_name, "link", "no link in chain.csv")
                return
            if position is not None and position != link["position"]:
                problems.add(record_name, "position", f"file says {position}, chain.csv {link['position']}")
            if stated is not None and stated != (link["previous_hash"], link["hash"]):
                problems.add(record_name, "link", "previous_hash/hash differ from chain.csv")
            if canonical is None:
                problems.add(record_name, "hash", "unknown hash format")
                return
            computed = link_hash(link["previous_hash"], canonical)
            if computed != link["hash"]:
                problems.add(record_name, "hash", f"recomputed {computed}, chain says {link['hash']}")
            link["checked"] = True

        # Accounts and limit changes.
        accounts = {}
        for r in read_csv(archive, "accounts.csv"):
            a = {"id": int(r["account_id"]), "code": r["code"], "kind": r["kind"], "floor": number(r["floor_minutes"]),
                 "ceiling": number(r["ceiling_minutes"]), "opened": int(r["opened_at_unix_ms"]), "hledger": r["hledger_account"]}
            accounts[a["id"]] = a
            check_link(f"account {a['id']}", "account", a["id"], int(r["position"]), account_text(group, a))
        limit_changes = 0
        for r in read_csv(archive, "limit-changes.csv"):
            l = {"id": int(r["limit_change_id"]), "account": int(r["account_id"]), "from": int(r["from_sequence"]),
                 "floor": number(r["floor_minutes"]), "ceiling": number(r["ceiling_minutes"]), "recorded": int(r["recorded_at_unix_ms"])}
            limit_changes += 1
            if l["account"] not in accounts:
                problems.add(f"limits {l['id']}", "account", f"account {l['account']} is not in accounts.csv")
            check_link(f"limits {l['id']}", "limits", l["id"], int(r["position"]), limits_text(l))

        # Period closes: snapshots are taken while the journal is replayed.
        closes = []
        for r in read_csv(archive, "period-closes.csv"):
            closes.append({"id": int(r["close_id"]), "position": int(r["position"]), "ends_at": int(r["ends_at_unix_ms"]),
                           "last_sequence": int(r["last_sequence"]), "digest": r["balances_digest"],
                           "chain_head_hash": r["chain_head_hash"], "recorded": int(r["recorded_at_unix_ms"])})
        stored_snapshots = {c["id"]: [] for c in closes}
        period_balances = 0
        for r in read_csv(archive, "period-balances.csv"):
            period_balances += 1
            close_id = int(r["close_id"])
            if close_id not in stored_snapshots:
                problems.add(f"close {close_id}", "snapshot", "period-balances.csv names a close not in period-closes.csv")
                continue
            stored_snapshots[close_id].append((int(r["account_id"]), int(r["balance_minutes"])))
        pending_closes = sorted(closes, key=lambda c: c["last_sequence"])
        computed_snapshots = {}

        balances = {account_id: 0 for account_id in accounts}
        last_sequence_of = {}

        def take_snapshots(before_sequence):
            while pending_closes and pending_closes[0]["last_sequence"] < before_sequence:
                close = pending_closes.pop(0)
                computed_snapshots[close["id"]] = [
                    (account_id, balances[account_id])
                    for account_id in sorted(accounts) if accounts[account_id]["opened"] <= close["ends_at"]
                ]

        entries = postings_count = 0
        previous_sequence = 0

        def finish_entry(entry, postings):
            nonlocal entries, previous_sequence
            entries += 1
            name = f"entry {entry['sequence']}"
            if entry["sequence"] <= previous_sequence:
                problems.add(name, "order", f"entry {entry['sequence']} after entry {previous_sequence}")
            previous_sequence = entry["sequence"]
            take_snapshots(entry["sequence"])
            debits = credits = 0
            for i, p in enumerate(postings):
                if p["index"] != i:
                    problems.add(name, "postings", f"posting index {p['index']} at place {i}")
                if p["amount"] <= 0:
                    problems.add(name, "amount", f"posting {p['index']}: amount {p['amount']} is not positive")
                if p["side"] == "Debit":
                    debits += p["amount"]
                    change = -p["amount"]
                elif p["side"] == "Credit":
                    credits += p["amount"]
                    change = p["amount"]
                else:
                    problems.add(name, "side", f"posting {p['index']}: side {p['side']!r}")
                    change = 0
                if p["account"] not in balances:
                    problems.add(name, "account", f"posting {p['index']}: account {p['account']} is not in accounts.csv")
                    balances[p["account"]] = 0
                balances[p["account"]] += change
                if balances[p["account"]] != p["balance_after"]:
                    problems.add(name, "running balance",
                                 f"account {p['account']}: postings give {balances[p['account']]}, the entry says {p['balance_after']}")
                    balances[p["account"]] = p["balance_after"]  # go on from what the entry says, to name only this entry
                last_sequence_of[p["account"]] = entry["sequence"]
            if len(postings) < 2 or debits != credits:
                problems.add(name, "balanced", f"debits {debits}, credits {credits}, {len(postings)} postings")
            check_link(name, "entry", entry["sequence"], entry["position"], entry_text(entry, postings), entry["link"])

        current, postings = None, []
        for r in read_csv(archive, "journal.csv"):
            postings_count += 1
            sequence = int(r["sequence"])
            if current is None or current["sequence"] != sequence:
                if current is not None:
                    finish_entry(current, postings)
                current = {
                    "sequence": sequence, "position": int(r["position"]), "link": (r["previous_hash"], r["hash"]),
                    "hash_format": int(r["hash_format"]), "kind": r["kind"], "memo": r["memo"], "memo_digest": r["memo_digest"],
                    "effective": int(r["effective_at_unix_ms"]), "recorded": int(r["recorded_at_unix_ms"]), "actor": r["actor"],
                    "principal": r["principal"], "policy": number(r["policy_version"]), "key": r["idempotency_key"],
                    "cause_type": r["cause_type"], "cause_id": r["cause_id"], "reverses": number(r["reverses"]),
                    "hold": number(r["hold_id"]),
                }
                postings = []
            postings.append({"index": int(r["posting_index"]), "account": int(r["account_id"]), "side": r["side"],
                             "amount": int(r["amount_minutes"]), "balance_after": int(r["balance_after_minutes"])})
        if current is not None:
            finish_entry(current, postings)
        take_snapshots(float("inf"))

        # Period snapshots: against the postings, against their digest, and each close's link.
        for close in closes:
            name = f"close {close['id']}"
            stored = sorted(stored_snapshots[close["id"]])
            computed = computed_snapshots.get(close["id"], [])
            stored_map, computed_map = dict(stored), dict(computed)
            for account_id in sorted(set(stored_map) | set(computed_map)):
                if stored_map.get(account_id) != computed_map.get(account_id):
                    problems.add(name, "snapshot", f"account {account_id}: stored {stored_map.get(account_id)}, "
                                                   f"postings give {computed_map.get(account_id)}")
            if balances_digest(stored) != close["digest"]:
                problems.add(name, "balances digest", "the stored balances do not hash to the close's digest")
            link = by_record.get(("close", close["id"]))
            if link is not None and link["previous_hash"] != close["chain_head_hash"]:
                problems.add(name, "chain head", f"the close followed {close['chain_head_hash']}, its link {link['previous_hash']}")
            check_link(name, "close", close["id"], close["position"], close_text(group, close))

        for link in chain:
            if not link.get("checked"):
                problems.add(f"link {link['position']} ({link['type']} {link['id']})", "record",
                             "no record in the files for this link")

        # Balances at the cut: each against the postings, and the trial balance.
        listed, total = set(), 0
        for r in read_csv(archive, "balances.csv"):
            account_id, minutes = int(r["account_id"]), int(r["balance_minutes"])
            listed.add(account_id)
            total += minutes
            name = f"account {account_id}"
            if account_id not in accounts:
                problems.add(name, "balance", "in balances.csv but not in accounts.csv")
                continue
            if minutes != balances.get(account_id, 0):
                problems.add(name, "balance", f"balances.csv {minutes}, postings give {balances.get(account_id, 0)}")
            if number(r["last_entry_sequence"]) != last_sequence_of.get(account_id):
                problems.add(name, "last entry", f"balances.csv {r['last_entry_sequence']}, journal {last_sequence_of.get(account_id)}")
        for account_id in sorted(set(accounts) - listed):
            problems.add(f"account {account_id}", "balance", "missing from balances.csv")
        trial_balance = sum(balances.values())
        if trial_balance != 0 or total != 0:
            problems.add("trial balance", "zero", f"postings sum to {trial_balance}, balances.csv to {total}")

        head = chain[-1] if chain else {"position": 0, "hash": GENESIS}
        stated_head = manifest.get("chain_head", {})
        if (head["position"], head["hash"]) != (stated_head.get("position"), stated_head.get("hash")):
            problems.add("chain head", "manifest", f"manifest {stated_head}, chain.csv position {head['position']} hash {head['hash']}")

        counts = {"links": len(chain), "entries": entries, "postings": postings_count, "accounts": len(accounts),
                  "limit_changes": limit_changes, "period_closes": len(closes), "period_balances": period_balances}
        for key, value in counts.items():
            if manifest.get("counts", {}).get(key) != value:
                problems.add(f"counts.{key}", "manifest", f"manifest {manifest.get('counts', {}).get(key)}, files {value}")

    return {
        "ok": problems.total == 0,
        "ledger_group": group,
        "as_of": manifest.get("as_of"),
        "chain_head": {"position": head["position"], "hash": head["hash"]},
        "counts": counts,
        "trial_balance_minutes": trial_balance,
        "balances": {accounts[a]["hledger"] if a in accounts else str(a): b for a, b in sorted(balances.items())},
        "problem_count": problems.total,
        "problems": problems.items,
    }


def main(argv):
    if len(argv) != 2:
        print("usage: verify_evidence_pack.py evidence-pack.zip", file=sys.stderr)
        return 2
    try:
        summary = verify(argv[1])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, json.JSONDecodeError) as error:
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}))
        return 2
    print(json.dumps(summary, indent=2, sort_keys=True))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
