"""GOST R 34.10-2012 (256) keys, X.509 certificates and raw signatures for the local ESIA, in pure Python.

Written apart from the platform's copp.esia.gost on purpose: the fake checks the platform's bytes with
code of its own, so a shared byte-order mistake cannot pass unnoticed. Byte orders follow
integrations.md §1.6: a signature is s||r (32 bytes each, big-endian) over Streebog-256 of the data;
gostcrypto wants the digest reversed and gives r||s; SubjectPublicKeyInfo holds X_le||Y_le; a private
key in PKCS#8 is 32 little-endian bytes.
"""
import base64
import datetime as dt
import secrets

from gostcrypto import gosthash, gostsignature

OID_GOST2012_256 = "1.2.643.7.1.1.1.1"
OID_STREEBOG_256 = "1.2.643.7.1.1.2.2"
OID_SIGN_GOST2012_256 = "1.2.643.7.1.1.3.2"
OID_CRYPTOPRO_A = "1.2.643.2.2.35.1"
OID_COMMON_NAME = "2.5.4.3"
OID_ORGANIZATION = "2.5.4.10"

# Curve OID in the certificate -> gostcrypto's name for the same curve (R 1323565.1.024-2019).
CURVES = {
    "1.2.643.2.2.35.1": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.2.2.36.0": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.7.1.2.1.1.2": "id-tc26-gost-3410-2012-256-paramSetB",
    "1.2.643.2.2.35.2": "id-tc26-gost-3410-2012-256-paramSetC",
    "1.2.643.7.1.2.1.1.3": "id-tc26-gost-3410-2012-256-paramSetC",
    "1.2.643.2.2.35.3": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.2.2.36.1": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.7.1.2.1.1.4": "id-tc26-gost-3410-2012-256-paramSetD",
    "1.2.643.7.1.2.1.1.1": "id-tc26-gost-3410-2012-256-paramSetA",
}


# --- DER -------------------------------------------------------------------------------------------

def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _length(len(content)) + content


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def integer(n: int) -> bytes:
    body = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return tlv(0x02, body)


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def bits(data: bytes) -> bytes:
    return tlv(0x03, b"\x00" + data)


def utf8(text: str) -> bytes:
    return tlv(0x0C, text.encode())


def utctime(moment: dt.datetime) -> bytes:
    return tlv(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())


def read(data: bytes, pos: int = 0) -> tuple[int, bytes, int]:
    """One TLV at pos: (tag, content, position after it)."""
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    return tag, data[pos:pos + length], pos + length


def children(content: bytes) -> list[tuple[int, bytes]]:
    items, pos = [], 0
    while pos < len(content):
        tag, body, pos = read(content, pos)
        items.append((tag, body))
    return items


def read_oid(body: bytes) -> str:
    parts = [body[0] // 40, body[0] % 40]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(p) for p in parts)


def pem(kind: str, der: bytes) -> str:
    text = base64.b64encode(der).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----\n"


def unpem(data: bytes) -> bytes:
    """DER from PEM text, or the bytes themselves when they are DER already."""
    if data.lstrip().startswith(b"-----BEGIN"):
        body = b"".join(line for line in data.splitlines() if line and not line.startswith(b"-----"))
        return base64.b64decode(body)
    return data


# --- keys and signatures ---------------------------------------------------------------------------

def streebog256(data: bytes) -> bytes:
    return bytes(gosthash.new("streebog256", data=data).digest())


def _engine(curve_oid: str = OID_CRYPTOPRO_A):
    return gostsignature.new(gostsignature.MODE_256, gostsignature.CURVES_R_1323565_1_024_2019[CURVES[curve_oid]])


def sign(private_key: int, data: bytes, curve_oid: str = OID_CRYPTOPRO_A) -> bytes:
    """Raw ESIA/OpenSSL signature s||r of Streebog-256(data)."""
    digest = streebog256(data)
    rs = bytes(_engine(curve_oid).sign(bytearray(private_key.to_bytes(32, "big")), bytearray(digest[::-1])))
    return rs[32:] + rs[:32]


def verify(public_xy: bytes, data: bytes, signature: bytes, curve_oid: str = OID_CRYPTOPRO_A) -> bool:
    """public_xy is X||Y big-endian; signature is s||r."""
    if len(signature) != 64 or len(public_xy) != 64:
        return False
    digest = streebog256(data)
    try:
        return bool(_engine(curve_oid).verify(bytearray(public_xy), bytearray(digest[::-1]),
                                              bytearray(signature[32:] + signature[:32])))
    except Exception:  # gostcrypto raises on out-of-range values: that is a bad signature
        return False


class KeyPair:
    """A GOST R 34.10-2012 256-bit key on the CryptoPro-A curve, as OpenSSL's `paramset:A` makes."""

    def __init__(self, private_key: int, curve_oid: str = OID_CRYPTOPRO_A):
        self.private_key = private_key
        self.curve_oid = curve_oid
        engine = _engine(curve_oid)
        self.public_xy = bytes(engine.public_key_generate(bytearray(private_key.to_bytes(32, "big"))))

    @classmethod
    def generate(cls) -> "KeyPair":
        q = gostsignature.CURVES_R_1323565_1_024_2019[CURVES[OID_CRYPTOPRO_A]]["q"]
        return cls(secrets.randbelow(q - 1) + 1)

    def sign(self, data: bytes) -> bytes:
        return sign(self.private_key, data, self.curve_oid)

    def algorithm(self) -> bytes:
        return seq(oid(OID_GOST2012_256), seq(oid(self.curve_oid), oid(OID_STREEBOG_256)))

    def private_pem(self) -> str:
        """PKCS#8 as gost-engine writes it: the key as 32 little-endian bytes in an OCTET STRING."""
        der = seq(integer(0), self.algorithm(), octets(self.private_key.to_bytes(32, "big")[::-1]))
        return pem("PRIVATE KEY", der)

    def certificate(self, common_name: str, organization: str = "", days: int = 730) -> bytes:
        """A self-signed X.509 v3 certificate (DER) for this key."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        rdns = [tlv(0x31, seq(oid(OID_COMMON_NAME), utf8(common_name)))]
        if organization:
            rdns.insert(0, tlv(0x31, seq(oid(OID_ORGANIZATION), utf8(organization))))
        name = seq(*rdns)
        public = self.public_xy[:32][::-1] + self.public_xy[32:][::-1]
        tbs = seq(
            tlv(0xA0, integer(2)),
            integer(secrets.randbits(63)),
            seq(oid(OID_SIGN_GOST2012_256)),
            name,
            seq(utctime(now - dt.timedelta(days=1)), utctime(now + dt.timedelta(days=days))),
            name,
            seq(self.algorithm(), bits(octets(public))),
        )
        return seq(tbs, seq(oid(OID_SIGN_GOST2012_256)), bits(self.sign(tbs)))

    @classmethod
    def from_pem(cls, data: bytes) -> "KeyPair":
        _tag, body, _end = read(unpem(data))
        parts = children(body)
        algorithm = children(parts[1][1])
        curve = read_oid(children(algorithm[1][1])[0][1])
        key = parts[2][1]
        if len(key) != 32:  # the key wrapped once more, in an OCTET STRING (little-endian) or an INTEGER
            inner_tag, inner, _end = read(key)
            return cls(int.from_bytes(inner[::-1] if inner_tag == 0x04 else inner, "big"), curve)
        return cls(int.from_bytes(key[::-1], "big"), curve)


def certificate_public_key(certificate: bytes) -> tuple[bytes, str]:
    """(X||Y big-endian, curve OID) from a certificate in PEM or DER."""
    _tag, body, _end = read(unpem(certificate))
    tbs = children(children(body)[0][1])
    offset = 1 if tbs[0][0] == 0xA0 else 0
    spki = children(tbs[offset + 5][1])
    algorithm = children(spki[0][1])
    curve = read_oid(children(algorithm[1][1])[0][1])
    _tag, point, _end = read(spki[1][1][1:])  # BIT STRING: skip the unused-bits byte, then OCTET STRING
    return point[:32][::-1] + point[32:][::-1], curve


def certificate_hash(certificate: bytes) -> str:
    """client_certificate_hash: Streebog-256 of the DER certificate, in hex (integrations.md §1.5.3)."""
    return streebog256(unpem(certificate)).hex().upper()
