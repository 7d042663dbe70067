#!/usr/bin/env python3
"""Recover a Steward vault's data key with its recovery key, without Steward.

This is an independent implementation of the recipe in docs/vault-format.md
("Getting your data out"). It imports nothing from Steward: only the Python
standard library and PyNaCl (for XChaCha20-Poly1305), plus sqlcipher3 for the
optional --dump.

Usage:
    STEWARD_RECOVERY_KEY='XXXX-XXXX-...' python3 recover_data_key.py VAULT_DIR
    python3 recover_data_key.py VAULT_DIR              # asks for the key
    python3 recover_data_key.py VAULT_DIR --dump OUT.sql

On success the data key is printed on stdout as 64 lower-case hex characters,
ready for `PRAGMA key = "x'<key>'";` in any SQLCipher 4 shell or library.

Exit codes (the same as the `steward` command's where they overlap):
    0  the data key was recovered (and, with --dump, the dump was written)
    1  the recovery key is malformed, or another error (missing file, no sqlcipher3)
    2  wrong command-line usage
    3  the recovery key is well formed but does not unwrap this vault's data key
    5  the keyslots file or vault.db is malformed or damaged
Every failure after the arguments are parsed prints one line on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

# --- The recovery key's text form -------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
KEY_LEN = 32
KEY_CHARS = 52  # 256 bits in 5-bit symbols, the last 4 bits zero
CHECK_CHARS = 4  # 20 bits of SHA-256
CHECKSUM_PREFIX = b"steward-recovery-key-v1"

# Look-alikes accepted when typing the key back in.
LOOK_ALIKES = {"O": "0", "I": "1", "L": "1"}

# --- The keyslots file --------------------------------------------------------

KEYSLOTS_FORMAT = "steward-keyslots"
KEYSLOTS_VERSION = 3  # 3 adds the sealed lasting keys, which recovery does not need
RECOVERY_INFO = "steward/recovery-slot/v1"
AAD_PREFIX = b"steward-keyslot-v1"
SUBKEY_SALT = b"steward-subkeys-v1"
KEYSLOTS_MAC_INFO = b"keyslots-mac"

EXIT_OTHER = 1
EXIT_WRONG_KEY = 3
EXIT_INTEGRITY = 5


class Failure(Exception):
    """One line for stderr and an exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def decode_recovery_key(text: str) -> bytes:
    """The 32 key bytes of a recovery key's text form, or Failure(1)."""
    compact = "".join(c for c in text if not c.isspace() and c != "-")
    expected = KEY_CHARS + CHECK_CHARS
    if len(compact) != expected:
        raise Failure(
            EXIT_OTHER,
            f"a recovery key has {expected} characters (14 groups of 4); this one has {len(compact)}",
        )
    if not compact.isascii():
        raise Failure(EXIT_OTHER, "the recovery key contains a character that is not in its alphabet")
    normalized = "".join(LOOK_ALIKES.get(c, c) for c in compact.upper())
    if any(c not in ALPHABET for c in normalized):
        raise Failure(EXIT_OTHER, "the recovery key contains a character that is not in its alphabet")
    body, check = normalized[:KEY_CHARS], normalized[KEY_CHARS:]

    bits = 0
    for c in body:
        bits = (bits << 5) | ALPHABET.index(c)
    # 52 symbols carry 260 bits: 256 key bits, then 4 bits that must be zero.
    if bits & 0xF:
        raise Failure(EXIT_OTHER, "the recovery key contains a character that is not in its alphabet")
    key = (bits >> 4).to_bytes(KEY_LEN, "big")

    if check != checksum(key):
        raise Failure(
            EXIT_OTHER,
            "the recovery key's last group does not match the rest; check for a mistyped character",
        )
    return key


def checksum(key: bytes) -> str:
    """First 20 bits of SHA-256(prefix || key) as 4 Crockford symbols."""
    digest = hashlib.sha256(CHECKSUM_PREFIX + key).digest()
    bits = (digest[0] << 12) | (digest[1] << 4) | (digest[2] >> 4)
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(CHECK_CHARS)))


# --- Primitives -----------------------------------------------------------------


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869 HKDF with SHA-256."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def xchacha20poly1305_open(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes | None:
    """Decrypts and authenticates; None when anything differs from what was sealed."""
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
    from nacl.exceptions import CryptoError

    try:
        return crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, aad, nonce, key)
    except CryptoError:
        return None


def unhex(text: object, length: int | None, what: str) -> bytes:
    try:
        value = bytes.fromhex(text) if isinstance(text, str) else None
    except ValueError:
        value = None
    if value is None or (length is not None and len(value) != length):
        raise Failure(EXIT_INTEGRITY, f"the keyslots file is malformed ({what})")
    return value


# --- The recipe -----------------------------------------------------------------


def load_keyslots(vault_dir: Path) -> dict:
    path = vault_dir / "keyslots"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise Failure(EXIT_OTHER, f"there is no Steward vault in {vault_dir} (no keyslots file)") from None
    except OSError as err:
        raise Failure(EXIT_OTHER, f"could not read {path}: {err.strerror}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Failure(EXIT_INTEGRITY, "the keyslots file is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != KEYSLOTS_FORMAT:
        raise Failure(EXIT_INTEGRITY, "the keyslots file is malformed (format)")
    version = data.get("version")
    if not isinstance(version, int) or version > KEYSLOTS_VERSION:
        raise Failure(EXIT_OTHER, f"keyslots version {version!r} is newer than this script knows")
    body = data.get("body")
    if not isinstance(body, dict) or not isinstance(body.get("slots"), list):
        raise Failure(EXIT_INTEGRITY, "the keyslots file is malformed (body)")
    return data


def associated_data(vault_id: str, slot_id: str, user_id: int | None) -> bytes:
    """b"steward-keyslot-v1\\0{vault_id}\\0{slot_id}\\0{user_id or empty}"."""
    user = "" if user_id is None else str(user_id)
    return b"\0".join([AAD_PREFIX, vault_id.encode(), slot_id.encode(), user.encode()])


def unwrap_with_recovery_key(keyslots: dict, recovery_key: bytes) -> bytes:
    body = keyslots["body"]
    slots = [s for s in body["slots"] if isinstance(s, dict) and s.get("kind") == "recovery"]
    if not slots:
        raise Failure(EXIT_WRONG_KEY, "this vault has no recovery slot")
    slot = slots[0]
    kdf = slot.get("kdf")
    vault_id, slot_id = body.get("vault_id"), slot.get("id")
    if not isinstance(kdf, dict) or not isinstance(vault_id, str) or not isinstance(slot_id, str):
        raise Failure(EXIT_INTEGRITY, "the keyslots file is malformed (recovery slot)")
    if kdf.get("algorithm") != "hkdf-sha256" or kdf.get("info") != RECOVERY_INFO:
        raise Failure(EXIT_INTEGRITY, "the keyslots file is malformed (recovery slot kdf)")
    if slot.get("aead") != "xchacha20poly1305":
        raise Failure(EXIT_INTEGRITY, "the keyslots file is malformed (recovery slot aead)")
    salt = unhex(kdf.get("salt"), None, "recovery salt")
    nonce = unhex(slot.get("nonce"), 24, "recovery nonce")
    wrapped = unhex(slot.get("wrapped_key"), 48, "recovery wrapped_key")

    kek = hkdf_sha256(recovery_key, salt, kdf["info"].encode())
    aad = associated_data(vault_id, slot_id, None)
    data_key = xchacha20poly1305_open(kek, nonce, wrapped, aad)
    if data_key is None or len(data_key) != 32:
        raise Failure(EXIT_WRONG_KEY, "the recovery key does not unlock this vault")
    return data_key


def canonical_body(body: dict) -> bytes:
    """The bytes the keyslots MAC covers: `body` as compact JSON.

    Steward serializes its own copy of `body` with the fields in a fixed order,
    which is also the order it writes them to the file; json.loads keeps the
    file's order, so re-serializing gives the same bytes for any file Steward
    wrote. Python's escaping with ensure_ascii=False matches serde_json's.
    """
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def keyslots_mac_matches(keyslots: dict, data_key: bytes) -> bool:
    mac_key = hkdf_sha256(data_key, SUBKEY_SALT, KEYSLOTS_MAC_INFO)
    expected = hmac.new(mac_key, canonical_body(keyslots["body"]), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, str(keyslots.get("mac", "")).lower())


# --- Optional plain SQL dump ------------------------------------------------------


def dump_database(vault_dir: Path, data_key: bytes, out_path: Path) -> None:
    """Writes a plain SQL dump of vault.db. Works on a copy, so the vault is not touched."""
    try:
        import sqlcipher3  # type: ignore[import-not-found]
    except ImportError:
        raise Failure(
            EXIT_OTHER,
            "--dump needs the sqlcipher3 package (pip install -r requirements.txt), "
            "or use the sqlcipher shell as docs/vault-format.md describes",
        ) from None
    db = vault_dir / "vault.db"
    if not db.is_file():
        raise Failure(EXIT_INTEGRITY, f"{db} is missing")
    with tempfile.TemporaryDirectory(prefix="steward-recovery-") as scratch:
        # The copy is still encrypted. The WAL may hold the last committed
        # transactions, so it travels with the database.
        copy = Path(scratch) / "vault.db"
        shutil.copyfile(db, copy)
        wal = vault_dir / "vault.db-wal"
        if wal.is_file():
            shutil.copyfile(wal, Path(scratch) / "vault.db-wal")
        conn = sqlcipher3.connect(str(copy))
        try:
            conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
            conn.execute("PRAGMA cipher_compatibility = 4")
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.DatabaseError:
                raise Failure(EXIT_INTEGRITY, "vault.db does not open with this key; it is damaged") from None
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                print(
                    f"recover_data_key: warning: {len(problems)} page(s) of vault.db failed "
                    "authentication; the dump may be incomplete",
                    file=sys.stderr,
                )
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                for line in iterdump(conn):
                    out.write(line + "\n")
                out.write(f"PRAGMA user_version = {int(user_version)};\n")
        finally:
            conn.close()


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def iterdump(conn):  # noqa: ANN001, ANN201 - any DB-API connection
    """SQL text that recreates the database, like the sqlite3 shell's `.dump`.

    sqlcipher3's connection has no iterdump(), so this is the same walk as the
    standard library's: every table's CREATE and rows (as INSERTs built with
    SQL's quote()), then indexes, triggers and views.
    """
    yield "PRAGMA foreign_keys=OFF;"
    yield "BEGIN TRANSACTION;"
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT NULL ORDER BY name"
    ).fetchall()
    for name, sql in tables:
        if name == "sqlite_sequence":
            yield "DELETE FROM sqlite_sequence;"
        elif name == "sqlite_stat1":
            yield "ANALYZE sqlite_master;"
        elif name.startswith("sqlite_"):
            continue
        else:
            yield f"{sql};"
        table = quote_identifier(name)
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})").fetchall()]
        values = " || ',' || ".join(f"quote({quote_identifier(c)})" for c in columns)
        query = f"SELECT 'INSERT INTO ' || {quote_sql_string(table)} || ' VALUES(' || {values} || ')' FROM {table}"
        for (row,) in conn.execute(query):
            yield f"{row};"
    others = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') AND sql NOT NULL "
        "ORDER BY CASE type WHEN 'index' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, name"
    ).fetchall()
    for (sql,) in others:
        yield f"{sql};"
    yield "COMMIT;"


def quote_sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- Command line -------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Print a Steward vault's data key (64 hex characters), recovered with the recovery key.",
    )
    parser.add_argument("vault_dir", metavar="VAULT_DIR", type=Path, help="the vault folder")
    parser.add_argument(
        "--dump",
        metavar="OUT.sql",
        type=Path,
        help="also write a plain (unencrypted!) SQL dump of vault.db to this file, created with mode 600",
    )
    args = parser.parse_args(argv)

    try:
        text = os.environ.get("STEWARD_RECOVERY_KEY")
        if text is None:
            if not sys.stdin.isatty():
                raise Failure(EXIT_OTHER, "no recovery key: set STEWARD_RECOVERY_KEY or run in a terminal")
            text = getpass.getpass("Recovery key: ")
        recovery_key = decode_recovery_key(text)
        keyslots = load_keyslots(args.vault_dir)
        data_key = unwrap_with_recovery_key(keyslots, recovery_key)
        if not keyslots_mac_matches(keyslots, data_key):
            # The data key itself is authentic (the AEAD proved it), so it is
            # still printed; but something else in the file was changed.
            print(
                "recover_data_key: warning: the keyslots file's MAC does not match; it was changed outside Steward",
                file=sys.stderr,
            )
        if args.dump is not None:
            dump_database(args.vault_dir, data_key, args.dump)
        print(data_key.hex())
        return 0
    except Failure as failure:
        print(f"recover_data_key: {failure}", file=sys.stderr)
        return failure.code
    except KeyboardInterrupt:
        print("recover_data_key: interrupted", file=sys.stderr)
        return EXIT_OTHER


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
