"""Field encryption, blind indexes and the audit hash (国密 by default, AES/SHA-256 as a setting).

- encrypt/decrypt: SM4-GCM (or AES-128-GCM); the stored text is "<suite>:<base64(nonce|ciphertext|tag)>",
  so a change of suite still reads old values.
- blind_index: HMAC-SM3 (or HMAC-SHA-256) of the normalised value under its own key, for exact look-ups.
- digest: SM3 (or SHA-256), for the audit trail's hash chain.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_NONCE_BYTES = 12
_TAG_BYTES = 16


def _suite() -> str:
    return settings.DANGJIAN_CRYPTO_SUITE


def _hash_algorithm(suite: str) -> hashes.HashAlgorithm:
    return hashes.SM3() if suite == "sm" else hashes.SHA256()


@lru_cache(maxsize=4)
def _key(hex_key: str) -> bytes:
    key = bytes.fromhex(hex_key)
    if len(key) < 16:
        raise ValueError("DANGJIAN_FIELD_KEY must hold at least 16 bytes (32 hex characters)")
    return key[:16]


def _algorithm(suite: str, key: bytes) -> algorithms.BlockCipherAlgorithm:
    return algorithms.SM4(key) if suite == "sm" else algorithms.AES(key)


def encrypt(plaintext: str) -> str:
    suite = _suite()
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(_algorithm(suite, _key(settings.DANGJIAN_FIELD_KEY)), modes.GCM(nonce)).encryptor()
    ciphertext = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return f"{suite}:" + base64.b64encode(nonce + ciphertext + encryptor.tag).decode()


def decrypt(stored: str) -> str:
    suite, _, payload = stored.partition(":")
    raw = base64.b64decode(payload)
    nonce, ciphertext, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    decryptor = Cipher(_algorithm(suite, _key(settings.DANGJIAN_FIELD_KEY)), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(ciphertext) + decryptor.finalize()).decode()


def blind_index(value: str) -> str:
    mac = hmac.HMAC(bytes.fromhex(settings.DANGJIAN_INDEX_KEY), _hash_algorithm(_suite()))
    mac.update(value.encode())
    return mac.finalize().hex()


def digest(data: bytes) -> str:
    h = hashes.Hash(_hash_algorithm(_suite()))
    h.update(data)
    return h.finalize().hex()
