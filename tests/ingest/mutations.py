"""Damaged copies of a PDF or DOCX for fuzzing the readers, the same ones for the same seed.

Each mutant is one mutation of the original: bytes flipped, a number replaced by a huge or
negative one, a span cut out (an object truncated) or copied elsewhere (an object duplicated),
and for DOCX a field of a ZIP header altered, or the XML of one part damaged the same ways and
packed again, so that the damage reaches python-docx and lxml rather than only zipfile.
"""

import base64
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator

from reportlab import rl_config

_NUMBER = re.compile(rb"\d+")
_HUGE = (b"9999999999", b"99999999999999999999", b"-1", b"-2147483649", b"1e308", b"0")
# (signature, offsets of the fields worth altering): version needed, flags, method, CRC,
# sizes and name length of a local header; the same and the offset of a central directory entry.
_ZIP_FIELDS = {
    b"PK\x03\x04": ((4, 2), (6, 2), (8, 2), (14, 4), (18, 4), (22, 4), (26, 2)),
    b"PK\x01\x02": ((6, 2), (8, 2), (10, 2), (16, 4), (20, 4), (24, 4), (28, 2), (42, 4)),
}


def _flip(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutated[rng.randrange(len(mutated))] ^= rng.randint(1, 255)
    return "bytes flipped", bytes(mutated)


def _huge_number(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    numbers = list(_NUMBER.finditer(data))
    if not numbers:
        return _flip(data, rng)
    match = rng.choice(numbers)
    return "number made huge", data[: match.start()] + rng.choice(_HUGE) + data[match.end() :]


def _cut(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    start = rng.randrange(len(data))
    return "span cut out", data[:start] + data[start + rng.randint(1, 400) :]


def _duplicate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    start = rng.randrange(len(data))
    span = data[start : start + rng.randint(1, 2000)]
    at = rng.randrange(len(data))
    return "span duplicated", data[:at] + span * rng.randint(1, 3) + data[at:]


_BYTE_MUTATIONS: list[Callable[[bytes, random.Random], tuple[str, bytes]]] = [
    _flip,
    _huge_number,
    _cut,
    _duplicate,
]


def _zip_header(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    headers = [
        (m.start(), signature) for signature in _ZIP_FIELDS for m in re.finditer(re.escape(signature), data)
    ]
    start, signature = rng.choice(headers)
    offset, size = rng.choice(_ZIP_FIELDS[signature])
    value = rng.choice((0, 1, 8, 12, 14, 20, 63, 99, 0xFFFF, 0xFFFFFFFF, rng.getrandbits(8 * size)))
    value &= (1 << (8 * size)) - 1
    field = struct.pack("<H" if size == 2 else "<I", value)
    at = start + offset
    return "ZIP header altered", data[:at] + field + data[at + size :]


def _xml_part(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [name for name in source.namelist() if name.endswith((".xml", ".rels"))]
    target = rng.choice(names)
    how, damaged = rng.choice(_BYTE_MUTATIONS)(source.read(target), rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name in source.namelist():
            packed.writestr(name, damaged if name == target else source.read(name))
    return f"{target}: {how}", buffer.getvalue()


def mutants(data: bytes, *, kind: str, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """``count`` damaged copies of a ``kind`` ("pdf" or "docx") file, each with what was done to it."""
    rng = random.Random(seed)
    mutations = _BYTE_MUTATIONS + ([_zip_header, _xml_part, _xml_part] if kind == "docx" else [])
    for _ in range(count):
        yield rng.choice(mutations)(data, rng)


_ENCODED_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)(\s*>>\s*stream\r?\n)(.*?)(\s*endstream)", re.S
)


def uncompressed_pdf(data: bytes) -> bytes:
    """The PDF with its page contents written out plainly, so that mutations reach the operators.

    Object offsets change; the readers find the objects again by scanning, as they do for a
    PDF whose cross-reference table is wrong."""

    def plain(match: re.Match) -> bytes:
        encoded = match.group(3).strip()
        content = zlib.decompress(base64.a85decode(encoded.removesuffix(b"~>"), adobe=False))
        return b"/Length %d%s%s%s" % (len(content), match.group(2), content, match.group(4))

    return _ENCODED_STREAM.sub(plain, data)


def fuzz_seeds() -> dict[str, list[bytes]]:
    """The files the fuzzing starts from: the small report of the bad-input tests as PDF (as
    generated, and with plain page contents) and as DOCX, byte for byte the same in every run."""
    from tests.ingest.documents import report_docx, report_pdf
    from tests.ingest.test_bad_inputs import SMALL_REPORT

    # reportlab writes the time and a random file identifier unless it is asked to be invariant.
    invariant, rl_config.invariant = rl_config.invariant, 1
    try:
        pdf = report_pdf(SMALL_REPORT, symbol="A/76/403", job="21-14958")
    finally:
        rl_config.invariant = invariant
    return {
        "pdf": [pdf, uncompressed_pdf(pdf)],
        "docx": [_dated(report_docx(SMALL_REPORT, symbol="A/76/403"))],
    }


def _dated(docx: bytes) -> bytes:
    """The DOCX with every part dated 1980-01-01, as python-docx dates them with the time of writing."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name in source.namelist():
            packed.writestr(
                zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                source.read(name),
                zipfile.ZIP_DEFLATED,
            )
    return buffer.getvalue()


def _seeds() -> list[tuple[str, bytes]]:
    return [(kind, data) for kind, files in fuzz_seeds().items() for data in files]


def fuzz_cases(*, count: int, seed: int) -> Iterator[tuple[str, str, bytes]]:
    """``count`` mutants spread over the seeds, as (file name, what was done, bytes); the name
    "mutant-<seed file>-<number>" finds the same mutant again with ``fuzz_case``."""
    seeds = _seeds()
    share = -(-count // len(seeds))
    produced = 0
    for index, (kind, data) in enumerate(seeds):
        for number, (how, mutant) in enumerate(mutants(data, kind=kind, count=share, seed=seed + index)):
            if produced == count:
                return
            produced += 1
            yield f"mutant-{index}-{number}.{kind}", how, mutant


def fuzz_case(name: str, *, seed: int) -> tuple[str, bytes]:
    """The mutant ``fuzz_cases`` named ``name`` (what was done, bytes)."""
    index, number = (int(part) for part in name.split(".")[0].split("-")[1:])
    kind, data = _seeds()[index]
    for found, (how, mutant) in enumerate(mutants(data, kind=kind, count=number + 1, seed=seed + index)):
        if found == number:
            return how, mutant
    raise ValueError(name)
