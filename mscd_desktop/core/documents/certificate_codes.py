"""The verification code printed on a certificate: 12 characters, e.g. ``7KQM-3XW9-HF4T``.

Short enough to type and to fit a tiny QR (alphanumeric mode, version 1): 11 Crockford
base-32 characters taken from a hash of the certificate's Ed25519 signature (55 bits), and
one check character (Luhn mod 32) that catches every single typo and swapped neighbours.
An Ed25519 signature is 64 bytes and cannot be shortened and still be checked, so the code
points at the stored certificate, whose full signature is then verified with the event's
public key (see :mod:`mscd_desktop.core.documents.certificate_records`). Reading forgives
what people do when typing: lower case, spaces, missing dashes, O for 0, I or L for 1.
"""

from __future__ import annotations

import hashlib

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
BODY_CHARS = 11
CODE_CHARS = BODY_CHARS + 1
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_char(body: str) -> str:
    """The Luhn mod 32 check character of *body* (characters of :data:`ALPHABET`)."""
    total, factor = 0, 2
    for ch in reversed(body):
        addend = factor * ALPHABET.index(ch)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def is_valid(compact: str) -> bool:
    """Whether *compact* (12 characters, no dashes) has a correct check character."""
    return (
        len(compact) == CODE_CHARS
        and all(ch in ALPHABET for ch in compact)
        and check_char(compact[:-1]) == compact[-1]
    )


def code_for_signature(signature: bytes) -> str:
    """The printed code of a certificate whose signature is *signature*."""
    number = int.from_bytes(hashlib.sha256(signature).digest()[:7], "big") >> 1  # 55 bits
    body = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(BODY_CHARS)))
    compact = body + check_char(body)
    return f"{compact[0:4]}-{compact[4:8]}-{compact[8:12]}"


def normalise(text: str) -> str | None:
    """*text* as typed or scanned, in the printed form (``7KQM-3XW9-HF4T``), or None when
    it cannot be a certificate code (wrong length, letters outside the alphabet, or a
    check character that does not match)."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_TYPOS)
    if not is_valid(compact):
        return None
    return f"{compact[0:4]}-{compact[4:8]}-{compact[8:12]}"
