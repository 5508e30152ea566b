"""Mutation fuzzing of ingestion: 150 damaged PDF and DOCX files, the same ones every run (seed 17).

Each is given to ``document_ingest`` with tight parse limits. It is ingested, or refused with an
``IngestError`` of one line naming the file, with every table as it was; no reader process is
left behind and none grew beyond its limit. ``bench/fuzz_formats.py`` runs thousands more
(docs/reliability.md, "Untrusted files").
"""

import os
import resource

import pytest

from ingest.errors import IngestError
from ingest.services import document_ingest
from tests.ingest.mutations import fuzz_case, fuzz_cases
from tests.ingest.test_bad_inputs import row_counts
from tests.ingest.test_cage import _children

pytestmark = pytest.mark.django_db

CASES = 150
SEED = 17
MEMORY = 256 * 1024 * 1024


# Files of a 10,000-case run (bench/fuzz_formats.py, seed 17) on which the readers, run in the
# ingesting process, raised something other than an IngestError, with the reason given now.
FOUND = [
    ("mutant-0-1227.pdf", "PDF", "AttributeError: 'PSKeyword' object has no attribute 'objid'"),
    ("mutant-1-348.pdf", "PDF", "AttributeError: 'PSKeyword' object has no attribute 'decode'"),
    ("mutant-0-1273.pdf", "PDF", "its structure is nested too deeply"),
    ("mutant-1-198.pdf", "PDF", "AssertionError: Invalid octal b'400' (256)"),
    ("mutant-1-567.pdf", "PDF", "AssertionError: /b'trailer\\xc7'"),
    ("mutant-0-689.pdf", "PDF", "it needs more than 256 MB of memory; the limit is PARSE_MEMORY_BYTES"),
    ("mutant-2-79.docx", "DOCX", "NotImplementedError: zip file version 25.5"),
]


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def test_damaged_pdf_and_docx_files_are_ingested_or_refused_in_one_line_within_the_limits(bundled, settings):
    settings.PARSE_MEMORY_BYTES = MEMORY
    settings.PARSE_CPU_SECONDS = 10
    descriptors = sorted(os.listdir("/proc/self/fd"))
    outcomes = {"ingested": 0, "refused": 0}

    for name, how, data in fuzz_cases(count=CASES, seed=SEED):
        before = row_counts()
        try:
            result = document_ingest(data=data, name=name)
        except IngestError as error:
            message = str(error)
            assert "\n" not in message, (name, how)
            assert name in message, (name, how, message)
            assert row_counts() == before, (name, how)
            outcomes["refused"] += 1
        else:
            assert result.document.pk, (name, how)
            outcomes["ingested"] += 1
            if result.created:
                result.document.delete()

    assert outcomes["ingested"] + outcomes["refused"] == CASES
    assert outcomes["refused"] > 0 and outcomes["ingested"] > 0
    assert _children() == []
    assert sorted(os.listdir("/proc/self/fd")) == descriptors
    # No reader grew past the size of this process plus its budget.
    largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert largest_child <= _address_space() + MEMORY


@pytest.mark.parametrize(("name", "kind", "reason"), FOUND, ids=[case[0] for case in FOUND])
def test_a_damaged_file_an_earlier_fuzz_run_found_is_refused_in_one_line(
    bundled, settings, name, kind, reason
):
    settings.PARSE_MEMORY_BYTES = MEMORY
    _, data = fuzz_case(name, seed=SEED)
    before = row_counts()

    with pytest.raises(IngestError) as caught:
        document_ingest(data=data, name=name)

    assert str(caught.value) == f"{name}: this {kind} could not be read ({reason})"
    assert row_counts() == before
