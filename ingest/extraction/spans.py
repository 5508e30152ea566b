"""The value every extractor returns: a value and the span of text it was read from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """``text == paragraph_text[start:end]`` always holds."""

    field: str  # agency, country, region, amount, sdg, theme, covid, climate, modality, year
    start: int
    end: int
    text: str
    value: str  # agency code, ISO3, region code, SDG number, theme code, year, "south_south" ...
