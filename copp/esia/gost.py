"""GOST R 34.10-2012 (256) signatures with Streebog-256 in ESIA's byte layout, and the few X.509 and
PKCS#8 reads the platform needs (integrations.md §1.5, §1.6). Pure Python over gostcrypto."""
import base64

from gostcrypto import gosthash, gostsignature

# Curve OID from a certificate or key -> gostcrypto's name of the same curve (R 1323565.1.024-2019).
CURVES = {
    "1.2.643.2.2.35.1": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-A, OpenSSL `paramset:A`
    "1.2.643.2.2.36.0": "id-tc26-gost-3410-2012-256-paramSetB",  # CryptoPro-XchA
    "1.2.643.7.1.2.1.1.2": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.2.2.35.2": "id-tc26-gost-3410-2012-256-paramSetC",  # CryptoPro-B
    "1.2.643.7.1.2.1.1.3": "id-tc26-gost-3410-2012-256-paramSetC",
    "1.2.643.2.2.35.3": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-C
    "1.2.643.2.2.36.1": "id-tc26-gost-3410-2012-256-paramSetD",  # CryptoPro-XchB
    "1.2.643.7.1.2.1.1.4": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.7.1.2.1.1.1": "id-tc26-gost-3410-2012-256-paramSetA",
}


class GostError(ValueError):
    """A key or certificate that is not a GOST R 34.10-2012 256-bit one, or is malformed."""


def der_from(data: bytes) -> bytes:
    """DER bytes from PEM text or from DER as is."""
    if b"-----BEGIN" in data[:100]:
        lines = [line.strip() for line in data.splitlines()]
        body = b"".join(line for line in lines if line and not line.startswith(b"-----"))
        return base64.b64decode(body)
    return data


def _tlv(data: bytes, pos: int) -> tuple[int, bytes, int]:
    if pos + 2 > len(data):
        raise GostError("truncated DER")
    tag, length, pos = data[pos], data[pos + 1], pos + 2
    if length & 0x80:
        size = length & 0x7F
        length, pos = int.from_bytes(data[pos:pos + size], "big"), pos + size
    if pos + length > len(data):
        raise GostError("truncated DER")
    return tag, data[pos:pos + length], pos + length


def _items(content: bytes) -> list[tuple[int, bytes]]:
    items, pos = [], 0
    while pos < len(content):
        tag, body, pos = _tlv(content, pos)
        items.append((tag, body))
    return items


def _oid(body: bytes) -> str:
    arcs, value = [body[0] // 40, body[0] % 40], 0
    for byte in body[1:]:
        value = value << 7 | byte & 0x7F
        if byte < 0x80:
            arcs.append(value)
            value = 0
    return ".".join(map(str, arcs))


def _curve_of(algorithm: bytes) -> str:
    """Curve OID from AlgorithmIdentifier { id-tc26-gost3410-12-256, { curve, [digest] } }."""
    parts = _items(algorithm)
    if _oid(parts[0][1]) != "1.2.643.7.1.1.1.1":
        raise GostError("not a GOST R 34.10-2012 256-bit key")
    curve = _oid(_items(parts[1][1])[0][1])
    if curve not in CURVES:
        raise GostError(f"unsupported curve {curve}")
    return curve


def streebog256(data: bytes) -> bytes:
    return bytes(gosthash.new("streebog256", data=data).digest())


def certificate_hash(certificate: bytes) -> str:
    """client_certificate_hash: Streebog-256 of the DER certificate, hex (integrations.md §1.5.3)."""
    return streebog256(der_from(certificate)).hex().upper()


def certificate_public_key(certificate: bytes) -> tuple[bytes, str]:
    """(X||Y big-endian, curve OID) of the certificate's SubjectPublicKeyInfo."""
    try:
        tbs = _items(_items(_tlv(der_from(certificate), 0)[1])[0][1])
        spki = _items(tbs[6 if tbs[0][0] == 0xA0 else 5][1])
        curve = _curve_of(spki[0][1])
        point = _tlv(spki[1][1], 1)[1]  # BIT STRING (after its unused-bits byte) holds an OCTET STRING
    except (IndexError, GostError) as exc:
        raise GostError(f"not a GOST certificate: {exc}") from exc
    if len(point) != 64:
        raise GostError("not a 256-bit GOST public key")
    return point[31::-1] + point[:31:-1], curve  # X_le||Y_le -> X_be||Y_be


def private_key(pem: bytes) -> tuple[int, str]:
    """(private scalar, curve OID) from an unencrypted PKCS#8 key as OpenSSL's gost engine writes it."""
    try:
        parts = _items(_tlv(der_from(pem), 0)[1])
        curve = _curve_of(parts[1][1])
        key = parts[2][1]
        if len(key) != 32:  # wrapped once more: OCTET STRING (little-endian) or INTEGER (big-endian)
            tag, key, _end = _tlv(key, 0)
            return int.from_bytes(key if tag == 0x02 else key[::-1], "big"), curve
        return int.from_bytes(key[::-1], "big"), curve
    except (IndexError, GostError) as exc:
        raise GostError(f"not a GOST private key: {exc}") from exc


def _engine(curve: str):
    return gostsignature.new(gostsignature.MODE_256, gostsignature.CURVES_R_1323565_1_024_2019[CURVES[curve]])


def sign(key: int, curve: str, data: bytes) -> bytes:
    """Raw signature s||r (64 bytes) of Streebog-256(data), as `openssl dgst -md_gost12_256 -sign`."""
    digest = streebog256(data)
    rs = bytes(_engine(curve).sign(bytearray(key.to_bytes(32, "big")), bytearray(digest[::-1])))
    return rs[32:] + rs[:32]


def verify(public_xy: bytes, curve: str, data: bytes, signature: bytes) -> bool:
    """Check a raw s||r signature of data against a public key X||Y (big-endian)."""
    if len(signature) != 64:
        return False
    digest = streebog256(data)
    try:
        return bool(_engine(curve).verify(bytearray(public_xy), bytearray(digest[::-1]),
                                          bytearray(signature[32:] + signature[:32])))
    except Exception:  # gostcrypto raises on values out of range: a bad signature all the same
        return False
