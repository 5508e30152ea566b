"""Cuts a block of text too long to be a paragraph into pieces that are, at sentence ends.

The longest paragraph of the bundled reports has 609 characters (A/76/403; 410 in resolution
76/221), and English paragraphs of UN reports run to about three times their Chinese length. A
block of more than ``MAX_PARAGRAPH_CHARS`` characters is a file without paragraph breaks, or one
made to be expensive: extraction time grows with the square of a paragraph's length (38 s at
100,000 characters, docs/reliability.md). Such a block is cut after the last sentence end
that keeps a piece within the limit, or at the limit itself where a sentence is longer.
"""

import re

MAX_PARAGRAPH_CHARS = 10_000
# A sentence ends at Chinese or Latin final punctuation, with any closing quotes or brackets;
# a full stop only before a space, so that 2.58 and A/76/403 stay whole.
_SENTENCE_END = re.compile(r"(?:[。！？!?；;…]|\.(?=\s))[)）\]】》〉」』”’\"']*")


def split_long(text: str, *, limit: int = MAX_PARAGRAPH_CHARS) -> tuple[list[str], bool]:
    """The pieces of ``text``, none longer than ``limit``, and whether every cut fell at a sentence end."""
    pieces: list[str] = []
    at_sentences = True
    while len(text) > limit:
        ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, limit)]
        # A cut in the first half of the window would leave pieces far below the limit; a
        # sentence that long is cut where the limit falls.
        at_end = bool(ends) and ends[-1] > limit // 2
        cut = ends[-1] if at_end else limit
        at_sentences = at_sentences and at_end
        if text[:cut].strip():
            pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return pieces, at_sentences
