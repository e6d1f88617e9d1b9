#!/usr/bin/env python3
"""An outside verifier of a zjcs deployment, written from docs/VERIFY.md alone.

It uses the Python standard library and one Ed25519 package (`cryptography`), talks to the
server only through its public HTTP API, and trusts nothing the server computes: every hash,
proof, signature, draw and receipt is recomputed here by the recipe of docs/VERIFY.md.

    python3 tests/verifier/verify.py --base-url https://zjcs.example.cn [--token TOKEN]

Checks (section numbers are docs/VERIFY.md's):
  - every published checkpoint: its signed note opens with the published key (§5) and says the
    JSON's origin, size and root; the text route serves the newest note;
  - consistency proofs between consecutive checkpoints (§4.2);
  - inclusion proofs of entries in the newest checkpoint (§4.1): every entry, or --max-inclusion
    of them spread over the log;
  - with a regulator's or administrator's --token: the whole hash chain (§1), each entry's hash
    recomputed from its fields, and the tree root of every checkpoint recomputed from the leaves
    (§2, §3), and each inclusion proof's leaf against the entry's own;
  - every project draw and inspection draw (§6), with the context strings the server must use;
  - every public bid receipt (§7).

Exit status 0 when everything holds, 1 when anything does not (each failure is printed),
2 when the server cannot be read.
"""

import argparse
import base64
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS = "0" * 64


class Unreadable(Exception):
    """The server did not answer as documented (not a verification failure)."""


def sha256(data):
    return hashlib.sha256(data).digest()


# §1 The entry hash -----------------------------------------------------------------------------


def entry_hash(prev_hash, seq, at_micros, actor, action, object_type, object_id, digest):
    """SHA-256 over "zjcs-audit-v1\\n", then each field as (u64 big-endian byte length, UTF-8)."""
    h = hashlib.sha256(b"zjcs-audit-v1\n")
    for field in (prev_hash, str(seq), str(at_micros), actor, action, object_type, object_id,
                  digest):
        b = field.encode("utf-8")
        h.update(len(b).to_bytes(8, "big"))
        h.update(b)
    return h.hexdigest()


def change_digest(change):
    """SHA-256 (hex) of a change's canonical JSON: keys sorted, no whitespace, UTF-8."""
    text = json.dumps(change, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def micros(rfc3339):
    """Microseconds since the Unix epoch of an RFC 3339 time (integer arithmetic, no floats)."""
    import datetime

    date, _, rest = rfc3339.partition("T")
    if rest.endswith("Z"):
        clock, offset = rest[:-1], "+00:00"
    else:
        clock, offset = rest[:-6], rest[-6:]
    whole, _, frac = clock.partition(".")
    if len(frac) > 6 and frac[6:].strip("0"):
        raise Unreadable(f"time finer than a microsecond: {rfc3339}")
    t = datetime.datetime.fromisoformat(f"{date}T{whole}{offset}")
    seconds = int(t.timestamp())
    return seconds * 1_000_000 + int((frac + "000000")[:6])


# §2 Leaves and §3 the tree (RFC 6962) ----------------------------------------------------------


def leaf_hash(entry_hash_hex):
    """The leaf of an entry: SHA-256(0x00 || its entry hash as 64 ASCII hex characters)."""
    return sha256(b"\x00" + entry_hash_hex.encode("ascii"))


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def tree_root(leaves):
    """RFC 6962 MTH over leaf hashes."""
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(tree_root(leaves[:k]), tree_root(leaves[k:]))


class RootTracker:
    """Roots of every prefix of a growing list of leaves, in O(log n) memory (a compact range)."""

    def __init__(self):
        self.stack = []  # (size, hash), sizes decreasing powers of two
        self.count = 0

    def push(self, leaf):
        self.stack.append((1, leaf))
        self.count += 1
        while len(self.stack) >= 2 and self.stack[-1][0] == self.stack[-2][0]:
            (n, right), (_, left) = self.stack.pop(), self.stack.pop()
            self.stack.append((2 * n, node_hash(left, right)))

    def root(self):
        if not self.stack:
            return sha256(b"")
        r = self.stack[-1][1]
        for _, left in reversed(self.stack[:-1]):
            r = node_hash(left, r)
        return r


# §4 Proofs (RFC 9162 §2.1.3.2 and §2.1.4.2) ----------------------------------------------------


def verify_inclusion(leaf, index, size, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, proof):
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    if first & (first - 1) == 0:  # a power of two: the old root is the first element
        proof = [first_root] + list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


# §5 Checkpoints: C2SP signed notes -------------------------------------------------------------


def key_hash(name, public_key):
    return sha256(name.encode("utf-8") + b"\n" + b"\x01" + public_key)[:4]


def verifier_key(name, public_key):
    return "%s+%s+%s" % (name, key_hash(name, public_key).hex(),
                         base64.b64encode(b"\x01" + public_key).decode())


def open_note(note, name, public_key):
    """The note's text when a signature line of `name` with this key holds over it, else None."""
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        return None
    text, sigs = note[:split + 1], note[split + 2:-1]
    want = key_hash(name, public_key)
    key = Ed25519PublicKey.from_public_bytes(public_key)
    good = False
    for line in sigs.split("\n"):
        if not line.startswith("\u2014 "):
            return None
        signer, _, blob = line[2:].partition(" ")
        try:
            blob = base64.b64decode(blob, validate=True)
        except ValueError:
            return None
        if signer != name or len(blob) != 68 or blob[:4] != want:
            continue
        try:
            key.verify(blob[4:], text.encode("utf-8"))
        except InvalidSignature:
            return None
        good = True
    return text if good else None


def parse_checkpoint(text):
    """(origin, size, root bytes) of a checkpoint body, or None."""
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[0] or any(c.isspace() or c == "+" for c in lines[0]):
        return None
    if not lines[1].isdigit() or str(int(lines[1])) != lines[1]:
        return None
    try:
        root = base64.b64decode(lines[2], validate=True)
    except ValueError:
        return None
    if len(root) != 32:
        return None
    return lines[0], int(lines[1]), root


# §6 Draws --------------------------------------------------------------------------------------


def list_digest(entries):
    h = hashlib.sha256(b"zjcs-draw-v1/list\n")
    for e in sorted(entries, key=lambda s: s.encode("utf-8")):
        h.update(e.encode("utf-8") + b"\n")
    return h.digest()


def draw(context, seed, entries, pick):
    """The entries picked, first drawn first (seed: 32 bytes)."""
    canonical = sorted(entries, key=lambda s: s.encode("utf-8"))
    digest = list_digest(canonical)
    prefix = b"zjcs-draw-v1/stream\n" + context.encode("utf-8") + b"\n" + seed + digest

    def words():
        c = 0
        while True:
            block = sha256(prefix + c.to_bytes(8, "big"))
            for i in range(0, 32, 8):
                yield int.from_bytes(block[i:i + 8], "big")
            c += 1

    stream = words()

    def below(m):
        reject_under = (2 ** 64) % m
        while True:
            x = next(stream)
            if x >= reject_under:
                return x % m

    positions = list(range(len(canonical)))
    for i in range(pick):
        j = i + below(len(canonical) - i)
        positions[i], positions[j] = positions[j], positions[i]
    return [canonical[p] for p in positions[:pick]]


# §7 Receipts -----------------------------------------------------------------------------------


def receipt(project, firm, price_fen, plan_sha256, nonce):
    price = "" if price_fen is None else str(price_fen)
    text = "zjcs-bid-v1\n%s\n%s\n%s\n%s\n%s" % (project, firm, price, plan_sha256 or "", nonce)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# The run ---------------------------------------------------------------------------------------


class Verifier:
    def __init__(self, base_url, token=None, max_inclusion=None):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.token = token
        self.max_inclusion = max_inclusion
        self.failures = []
        self.counts = {}

    def fail(self, what):
        self.failures.append(what)
        print("FAIL: " + what)

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    def get(self, path, raw=False, auth=False, ok=(200,)):
        req = urllib.request.Request(self.base + path)
        if auth and self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        except (urllib.error.URLError, OSError) as e:
            raise Unreadable(f"GET {path}: {e}")
        if status not in ok:
            raise Unreadable(f"GET {path}: HTTP {status}: {body[:300]!r}")
        if raw:
            return status, body.decode("utf-8")
        return status, json.loads(body) if body else None

    # checkpoints and proofs

    def checkpoints(self):
        out, before = [], None
        while True:
            q = "?limit=500" + (f"&before={before}" if before is not None else "")
            _, page = self.get("/audit/checkpoints" + q)
            out.extend(page["checkpoints"])
            before = page.get("next_before")
            if before is None:
                return sorted(out, key=lambda c: c["size"])

    def check_checkpoint(self, c, public_key):
        """The checkpoint's (size, root bytes) when its note holds, else None."""
        size = c["size"]
        note, origin = c.get("note"), c.get("origin")
        if note is None or origin is None:
            self.fail(f"checkpoint {size}: no signed note")
            return None
        text = open_note(note, origin, public_key)
        if text is None:
            self.fail(f"checkpoint {size}: the note's signature does not hold")
            return None
        parsed = parse_checkpoint(text)
        if parsed is None:
            self.fail(f"checkpoint {size}: the note is not a checkpoint")
            return None
        n_origin, n_size, n_root = parsed
        if (n_origin, n_size, n_root.hex()) != (origin, size, c["root"]):
            self.fail(f"checkpoint {size}: the note says {n_origin} {n_size} {n_root.hex()}, "
                      f"the JSON {origin} {size} {c['root']}")
            return None
        sig = bytes.fromhex(c["signature"])
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(sig, text.encode("utf-8"))
        except InvalidSignature:
            self.fail(f"checkpoint {size}: the JSON's signature is not the note's")
            return None
        self.count("checkpoints verified")
        return size, n_root

    def entries(self):
        """Every audit entry, oldest first (needs a regulator's or administrator's token)."""
        out, before = [], None
        while True:
            q = "?limit=500" + (f"&before={before}" if before is not None else "")
            _, page = self.get("/audit/entries" + q, auth=True)
            out.extend(page["entries"])
            before = page.get("next_before")
            if before is None:
                return sorted(out, key=lambda e: e["seq"])

    def run_audit(self):
        _, pk = self.get("/audit/public-key")
        public_key = bytes.fromhex(pk["public_key"])
        cps = self.checkpoints()
        if not cps:
            self.fail("no checkpoint is published")
            return
        verified = [v for v in (self.check_checkpoint(c, public_key) for c in cps) if v]
        latest = cps[-1]
        if pk.get("verifier_key") != verifier_key(latest["origin"], public_key):
            self.fail("the published verifier key is not the public key under the origin")
        _, note = self.get("/audit/checkpoint", raw=True)
        if note != latest.get("note"):
            self.fail("GET /audit/checkpoint does not serve the newest checkpoint's note")
        # Consistency between consecutive checkpoints.
        for (m, old_root), (n, new_root) in zip(verified, verified[1:]):
            _, p = self.get(f"/audit/proofs/consistency?from={m}&to={n}")
            proof = [bytes.fromhex(h) for h in p["proof"]]
            if verify_consistency(m, n, old_root, new_root, proof):
                self.count("consistency proofs verified")
            else:
                self.fail(f"the log of {n} entries does not extend the log of {m}")
        if not verified or verified[-1][0] != latest["size"]:
            return
        size, root = verified[-1]
        leaves = None
        if self.token:
            leaves = self.check_chain(size, verified)
        # Inclusion of entries in the newest checkpoint.
        seqs = range(1, size + 1)
        if self.max_inclusion is not None and size > self.max_inclusion:
            step = size / self.max_inclusion
            seqs = sorted({1 + int(i * step) for i in range(self.max_inclusion)} | {size})
        for seq in seqs:
            _, p = self.get(f"/audit/proofs/inclusion?seq={seq}&size={size}")
            leaf = bytes.fromhex(p["leaf_hash"])
            if leaves is not None and leaf != leaves[seq - 1]:
                self.fail(f"entry {seq}: the proof's leaf is not the entry's")
                continue
            proof = [bytes.fromhex(h) for h in p["proof"]]
            if p["leaf_index"] == seq - 1 and verify_inclusion(leaf, seq - 1, size, proof, root):
                self.count("inclusion proofs verified")
            else:
                self.fail(f"entry {seq} is not in the checkpoint of {size} entries")

    def check_chain(self, size, verified):
        """Walks the hash chain; returns the leaves when every entry's hash holds."""
        entries = self.entries()
        prev, leaves, tracker = GENESIS, [], RootTracker()
        roots = {}
        for i, e in enumerate(entries):
            seq = i + 1
            if e["seq"] != seq:
                self.fail(f"entry {seq} is missing")
                return None
            if e["prev_hash"] != prev:
                self.fail(f"entry {seq}: prev_hash is not the hash of entry {seq - 1}")
            h = entry_hash(e["prev_hash"], seq, micros(e["at"]), e["actor"], e["action"],
                           e["object_type"], e["object_id"], e["digest"])
            if h != e["hash"]:
                self.fail(f"entry {seq}: its fields hash to {h}, not to its stored hash")
            prev = e["hash"]
            leaves.append(leaf_hash(h))
            tracker.push(leaves[-1])
            roots[seq] = tracker.root()
            self.count("entries verified")
        for n, root in verified:
            if n > len(leaves):
                self.fail(f"checkpoint {n}: the log has only {len(leaves)} entries")
            elif (roots.get(n) if n else sha256(b"")) != root:
                self.fail(f"checkpoint {n}: the entries' tree has another root")
            else:
                self.count("checkpoint roots recomputed")
        return leaves

    # draws and receipts

    def check_draw(self, d, context, commitment, what):
        ok = True
        if d["algorithm"] != "zjcs-draw-v1":
            self.fail(f"{what}: unknown algorithm {d['algorithm']}")
            return
        if d["context"] != context:
            self.fail(f"{what}: context {d['context']!r}, expected {context!r}")
            ok = False
        seed = bytes.fromhex(d["seed"])
        if len(seed) != 32 or hashlib.sha256(seed).hexdigest() != d["commitment"]:
            self.fail(f"{what}: the seed does not hash to its commitment")
            ok = False
        if d["commitment"] != commitment:
            self.fail(f"{what}: the commitment is not the one published before the draw")
            ok = False
        if len(set(d["entries"])) != len(d["entries"]):
            self.fail(f"{what}: an entry twice")
            ok = False
        if list_digest(d["entries"]).hex() != d["list_hash"]:
            self.fail(f"{what}: the list does not hash to its list hash")
            ok = False
        if draw(context, seed, d["entries"], d["pick"]) != d["result"]:
            self.fail(f"{what}: re-running the draw gives another result")
            ok = False
        if ok:
            self.count("draws verified")

    def projects(self):
        out, cursor = [], ""
        while True:
            q = "?limit=100" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            _, page = self.get("/projects" + q)
            out.extend(page["projects"])
            cursor = page.get("next_cursor")
            if not cursor:
                return out

    def run_projects(self):
        for p in self.projects():
            pid = p["id"]
            self.count("projects read")
            status, d = self.get(f"/projects/{pid}/draw", ok=(200, 409))
            if status == 409:
                continue
            _, sel = self.get(f"/projects/{pid}/selection")
            context = f"zjcs/project/{pid}/round/{sel['round']}"
            self.check_draw(d, context, p.get("seed_commitment"), f"project {pid}")
            for b in sel.get("bids", []):
                r = receipt(pid, b["firm_id"], b.get("price_fen"), b.get("plan_sha256"),
                            b["nonce"])
                if r == b["receipt"]:
                    self.count("receipts verified")
                else:
                    self.fail(f"project {pid}: firm {b['firm_id']}'s receipt does not match "
                              "its opened bid")

    def run_inspections(self):
        _, rounds = self.get("/inspections")
        for r in rounds:
            self.count("inspection rounds read")
            rid = r["id"]
            for key, part in (("firm_draw", "firms"), ("inspector_draw", "inspectors")):
                d = r.get(key)
                if d is not None:
                    self.check_draw(d, f"inspection:{rid}:{part}", r["commitment"],
                                    f"inspection {rid} ({part})")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base-url", required=True, help="the site, e.g. https://zjcs.example.cn")
    ap.add_argument("--token", help="a regulator's or administrator's bearer token: also walk "
                    "the hash chain and recompute every root from the entries")
    ap.add_argument("--max-inclusion", type=int, default=None,
                    help="check at most this many inclusion proofs (default: every entry)")
    args = ap.parse_args(argv)
    v = Verifier(args.base_url, args.token, args.max_inclusion)
    try:
        v.run_audit()
        v.run_projects()
        v.run_inspections()
    except Unreadable as e:
        print(f"unreadable: {e}")
        return 2
    for what in sorted(v.counts):
        print(f"{what}: {v.counts[what]}")
    if v.failures:
        print(f"{len(v.failures)} failure(s)")
        return 1
    print("everything verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
