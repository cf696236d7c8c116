"""Fingerprints and near-duplicate signatures: stable across runs and releases."""

from __future__ import annotations

import hashlib

from datasketch import MinHash

from newswatch import dedup

TEXT = " ".join(
    f"The harbour office counted {n} boats at the quay on day {n} and logged each one."
    for n in range(12)
)


def test_signature_is_the_plain_minhash_of_the_shingles() -> None:
    """Reusing the permutations changes no value: signatures stored before still compare."""
    w = dedup.words(TEXT)
    shingles = {" ".join(w[i : i + dedup.SHINGLE_WORDS]) for i in range(len(w) - 4)}
    plain = MinHash(num_perm=dedup.NUM_PERM, seed=1)
    plain.update_batch([s.encode() for s in shingles])
    assert dedup.signature(TEXT) == bytes(plain.hashvalues.astype("<u8").tobytes())
    assert dedup.signature(TEXT) == dedup.signature(TEXT)  # the template is never mutated


def test_signature_is_pinned() -> None:
    """A signature is stored: a change of seed, scheme or shingling would orphan every one."""
    sig = dedup.signature(TEXT)
    assert sig is not None and len(sig) == dedup.NUM_PERM * 8
    assert hashlib.sha256(sig).hexdigest()[:16] == PINNED


def test_copies_and_short_texts() -> None:
    edited = TEXT.replace("day 3 ", "day three ")
    a, b = dedup.signature(TEXT), dedup.signature(edited)
    assert a is not None and b is not None
    assert dedup.similarity(a, b) >= dedup.NEAR_DUPLICATE
    assert len(set(dedup.bands(a)) & set(dedup.bands(b))) > 0
    assert dedup.signature("Too short to call a copy.") is None
    assert dedup.fingerprint("A  b\nC") == dedup.fingerprint("a b c")


PINNED = "f6e750a92bf1d641"
