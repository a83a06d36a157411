using System.Globalization;

namespace TimeBank.Ledger.Exports;

/// <summary><c>README.txt</c> of an evidence pack: what each file holds and how an auditor checks it without our code.</summary>
internal static class EvidencePackReadme
{
    public static string Text(ExportSnapshot snapshot) => string.Create(CultureInfo.InvariantCulture, $$"""
        TimeBank evidence pack
        ======================

        Ledger group (community): {{snapshot.LedgerGroup}}
        As of: {{snapshot.AsOf.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}} (the chain cut at the last link recorded by then)
        Chain head: position {{snapshot.HeadPosition}}, hash {{snapshot.HeadHash}}

        Every file was read in one database transaction, so they describe the same books. manifest.json, written last,
        gives each other file's SHA-256 and size, the chain head and the record counts.

        Files
        -----
        journal.csv          one line per posting, entries in chain order, with every field of the entry's canonical text,
                             the link's position, previous_hash and hash
        journal.hledger      the same journal for hledger: amounts are balance changes in minutes (credit +, debit -)
        accounts.csv         every account: id, code, kind, the limits it opened with, and its hledger account name
        limit-changes.csv    every change of an account's limits (from_sequence 0 keeps the limits it opened with)
        period-closes.csv    every period close: the end, the last entry it covers, the digest of its balances
        period-balances.csv  the balance snapshot each close stored
        chain.csv            every link of the community's chain: position, record type and id, previous hash, hash
        balances.csv         each account's posted balance at the cut (pending holds excluded); they sum to zero

        CSV: RFC 4180, UTF-8, "\n" line ends, times in unix milliseconds (the *_at columns repeat them in ISO-8601 UTC).
        A null value is an empty field; an empty text is "" (two quotes). The canonical texts tell them apart.

        The chain
        ---------
        One chain per community over every record that decides balances: entry, account, limits, close.
          hash = SHA-256( previous_hash as 32 raw bytes || UTF-8 canonical text of the record ), lowercase hex
        previous_hash of position 1 is 64 zeros; positions are 1, 2, 3, ... without gaps.
        A canonical text is one "name=value\n" line per field, in the order below. A text value is written
        "<length>:<value>", length in UTF-16 code units; null is "~"; integers in decimal.

          entry   ledger-entry=2:v2 (hash_format 2) or 2:v1 (format 1), sequence, kind, memoDigest (format 2; format 1
                  writes memo instead), effective, recorded, actor, principal, policy, key, causeType, causeId, reverses,
                  hold; then for each posting in index order: posting, account, side, amount, balanceAfter
          account ledger-account=2:v1, id, group, code, kind, floor, ceiling, recorded (opened_at_unix_ms)
          limits  ledger-limits=2:v1, id, account, fromSequence, floor, ceiling, recorded
          close   ledger-close=2:v1, id, group, endsAt, lastSequence, balances, recorded; balances is the SHA-256 (hex) of
                  the lines "account=<id>\nbalance=<minutes>\n" for each account opened by endsAt, in id order

        How to check it
        ---------------
        1. python3 tests/verifier/verify_evidence_pack.py evidence-pack.zip   (TimeBank repository; Python 3 standard
           library only). It checks every file against the manifest, recomputes every link, every running balance and
           account balance from the postings, that each entry and the trial balance sum to zero, every period snapshot
           against the postings and its digest, and the chain head; it prints a JSON summary and exits 1 naming the first
           record that disagrees.
        2. hledger -f journal.hledger balance --flat -O csv     each account's balance; compare with balances.csv
           hledger -f journal.hledger check accounts commodities
        3. Compare the chain head with the API's reconcile(communityId) { chainHead } and the balances with
           trialBalance(communityId, asOf).

        """);
}
