"""Splits a paragraph that reports initiatives into one stretch of sentences per initiative.

The paragraph is cut into sentences (after 。 and ；, and English full stops). A sentence
starts a new initiative when it reports an action (see ``kinds.first_action``) and either
opens with a discourse marker (此外, 另外, 同时, 还: 此外，该办公室还组织了 is a new
initiative even by the same actor), or has an actor as its subject and does not point
back. The subject is what follows the opening time and place phrases (2020 年，在非洲，)
up to the first comma or verb: an agency, an organisation, a government (中国政府) or a
named project, programme or mechanism (全球南南发展中心项目及其合作伙伴); a project named
in the opening frame (在城市项目和全球南南发展中心项目下) and an actor after 由 count too.
A sentence points back when its subject opens with 这, 该, 此, 它, 其, 上述 or it opens with
据此, 为此, 因此; such sentences, and all others, continue the initiative before them, except
that the same actor doing more (它还, 该办公室也) or another unit of it (该办公室的太平洋
次区域办事处) starts a new one: a paragraph's initiatives change with actor, partners or activity.
Sentences before the first initiative belong to it when they name an actor (they
introduce it, as 工发组织的中国自愿基金 does before 该基金资助了); otherwise they frame
the whole paragraph and belong to none. A paragraph where no sentence starts an
initiative is one initiative, up to its first institutional statement.

English text is read the same way with English words: openers (In 2020, Through its …, Under
its … project, Together with Argentina), markers (In addition, Moreover), pointing back (It, The
Office, The project), the same actor again (It also, the Pacific subregional office of the Office),
an agent after "by" in a passive sentence, a clause after ", while" that another actor opens, and
lists announced by "three … projects were launched, including".

A sentence opened by 例如 gives an instance of the initiative before it and stays in it. A new
actor's sentence that says it acted 在这方面 (为此, 对此) takes the sentences just before it that
name nobody and point back to nothing: they are what it did (各方也多方努力确保……。开发署……在这
方面发挥了关键作用). An institutional statement (``institutional``: a focal point, a unit, its
own mainstreaming) starts no initiative and ends the one before it; the sentences after it that
start none describe the institution too and belong to no initiative.
"""

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from initiatives.reference.gazetteer import Gazetteer
from initiatives.reference.gazetteer import gazetteer as load_gazetteer

from .institutional import is_institutional
from .kinds import ACTOR_FIELDS, PASSIVE_AGENT, first_action_in, mask_names, sentence_bounds
from .spans import Span
from .titles import CJK, PRONOUN_AGAIN, TITLE_LENGTH, fit_title, initiative_title, named_project

__all__ = ["TITLE_LENGTH", "InitiativeText", "split_initiatives"]


_MARKER = r"此外|另外|与此同时|同时|另|还|(?i:in addition|furthermore|moreover|meanwhile)\b|Also\b"
_OPENER = re.compile(
    rf"\s*(?:(?P<marker>{_MARKER})|(?P<back>据此|为此|因此|由此|在此基础上)|(?P<example>例如|比如|For example)|然而|最后|"
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*(?:和|至|到|-)\s*\d{4}\s*年)?(?:\s*\d{1,2}\s*月)?|"
    r"(?:并?在|作为|根据|按照|除了)[^，。；,;]{1,40}(?=[，,])|"
    # English frames of time, place, means and partners: In 2020, Through its Accelerator Lab,
    # Under its ... project, With seed funding from ..., Together with Argentina, As a further response.
    r"(?:(?:and\s+)?(?i:in|by|during|through|under|with|together with|as|at|following|also in|in cooperation with|"
    r"in collaboration with|in accordance with|in partnership with|since|after|before|within|in the context of))"
    r" [^,;]{1,160}?(?=,\s))\s*[，,]?\s*"
)
_ANAPHOR = re.compile(
    r"(?:这|该|此|它|其(?!他)|上述|前者|后者|"
    r"(?:[Tt]his|[Tt]hese|[Tt]hose|[Ii]ts?|[Tt]hey|[Tt]heir|Such)\b|"
    r"[Tt]he (?:project|programme|Fund|Office|grant|initiative|series|events?|challenge|platform|network|"
    r"guidelines|commemoration|assessments?|pilot initiative|knowledge exchange|workshop|report|strategy|"
    r"(?:first|second|third|fourth) (?:phase|volume)|facility|Facility|mechanism|centre|hub)\b)"
)
# 在这方面 inside a sentence: what it reports is the matter of the sentence before.
_REFERS_BACK = re.compile(
    r"在这方面|在此方面|在这一方面|为此|对此|in (?:this|that) (?:regard|respect)|to (?:this|that) end",
    re.IGNORECASE,
)
_MARKED = re.compile(rf"\s*(?:{_MARKER})")
_CLAUSE = re.compile(
    r"[，,](?:而(?=[^，。；]{2,30}?则)|(?P<marker>此外|另外)|\s*(?:while|whereas)\s+(?:the\s+|its\s+)?)"
)
# ", while the network of UNDP Accelerator Labs mapped": an English clause by another actor
# when one is named this close after "while".
_CLAUSE_ACTOR_REACH = 40
# So many items after 包括, each ended by ；, are projects of their own (not the parts of one).
_LIST_ITEMS = 3
# 启动了4个由需求驱动的小额赠款项目，包括: a count of projects, then the list.
_ANNOUNCED_LIST = re.compile(
    r"\d+\s*(?:个|项)[^，。；]{0,20}?(?:项目|倡议|方案)[，,]\s*包括|"
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+[^,.;]{0,40}?"
    r"\b(?:projects|initiatives|programmes)\b[^,.;]{0,30}?,\s*including\b"
)
_LIST_OPENING = re.compile(r"包括|\bincluding\b")
_SAME_ACTOR_AGAIN = re.compile(
    r"(?:它|该办公室|该组织|该基金|该署)(?:还|也)|该办公室的[^，。；]{2,12}?(?:司|办事处|中心)|"
    r"(?:[Ii]t|[Tt]hey|[Tt]he (?:Office|Organization|Fund|Programme|Commission)) (?:also|further|then)\b|"
    r"[Tt]he [^,.;]{2,40}? (?:office|division|centre|hub|bureau|Division|Office|Centre) of the Office\b"
)


@dataclass(frozen=True)
class InitiativeText:
    start: int
    end: int
    text: str
    title: str
    # The actor an initiative opened by 它还 refers to, named in an earlier initiative.
    inherited: Span | None = None
    # The words every item of a list shares (the sentences that announce it), where the list's
    # modality is stated: (start, end) in the paragraph.
    frame: tuple[int, int] | None = None


@dataclass
class _Sentence:
    start: int
    end: int
    body: int  # where the subject starts, after time and place phrases
    opens_new: bool
    points_back: bool
    action: re.Match | None
    names_actor: bool
    example: bool  # 例如: an instance of the activity before it
    institutional: bool  # see ``institutional``
    refers_back: bool


def split_initiatives(
    text: str, *, spans: Sequence[Span], gazetteer: Gazetteer | None = None
) -> list[InitiativeText]:
    """The initiatives of one paragraph, in order; ``spans`` are its entity spans."""
    gazetteer = gazetteer or load_gazetteer()
    actors = sorted((span for span in spans if span.field in ACTOR_FIELDS), key=lambda span: span.start)
    masked = mask_names(text, actors)
    bounds = _clause_bounds(text, sentence_bounds(text), actors)
    sentences = [_read_sentence(text, masked, start, end, actors) for start, end in bounds]
    if not sentences:
        return []
    groups: list[tuple[list[_Sentence], _Sentence]] = []  # sentences, and the one that starts it
    leading: list[_Sentence] = []
    closed = False  # an institutional statement ended the initiative before it
    for sentence in sentences:
        if sentence.institutional:
            # It, and what follows it until a new initiative, describe the institution: no initiative's.
            closed, leading = True, []
            continue
        first_by_pointing_back = not groups and sentence.action is not None and sentence.points_back
        # 例如: an instance of the activity just reported, not an initiative of its own.
        instance = sentence.example and groups and not closed
        if (sentence.opens_new and not instance) or first_by_pointing_back:
            group = [sentence]
            if not groups and any(s.names_actor for s in leading):
                group = leading + group
            elif groups and sentence.refers_back and not closed:
                group = _take_matter(groups[-1]) + group
            groups.append((group, sentence))
            closed = False
        elif groups and not closed:
            groups[-1][0].append(sentence)
        elif not groups and not closed:
            leading.append(sentence)
    if not groups:
        # Only the sentences before the first institutional statement can make an initiative.
        kept = list(itertools.takewhile(lambda s: not s.institutional, sentences))
        if not kept:
            return []
        head = next((s for s in kept if s.action is not None), kept[0])
        groups = [(kept, head)]
    initiatives = []
    previous: str | None = None
    subject: Span | None = None  # the actor of the latest initiative with a named one
    for group, head in groups:
        items = _list_items(text, group)
        frame = None
        if items:
            opening = _LIST_OPENING.search(text, items[0][0][-1].start)
            frame = (group[0].start, opening.start() if opening else items[0][0][-1].start)
        pronoun = bool(PRONOUN_AGAIN.match(text, head.body))
        if not pronoun:
            subject = next((a for a in actors if head.body <= a.start < head.end), subject)
        title, previous = initiative_title(text, masked, group[0].start, head, actors, gazetteer, previous)
        for number, (part, item) in enumerate(items or [(group, None)]):
            start, end = part[0].start, part[-1].end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if item is not None:
                title = fit_title(f"{previous}：{item}" if previous else item)
            if not CJK.search(text):
                title = title.replace("：", ": ")
            # 它还……, the second item of a list, 此外还设立……: the actor is the one named before.
            unnamed = _MARKED.match(text, head.start) and not any(start <= a.start < end for a in actors)
            inherited = subject if pronoun or number > 0 or unnamed else None
            initiatives.append(InitiativeText(start, end, text[start:end], title, inherited, frame))
    return initiatives


def _clause_bounds(
    text: str, bounds: Sequence[tuple[int, int]], actors: Sequence[Span]
) -> list[tuple[int, int]]:
    """Sentences, with a clause cut off where a comma leads to another actor or activity.

    ……发挥了召集作用，而开发署在非洲的加速器实验室网络则……: 而 and a named actor;
    ……，此外还设立一个……机制: a discourse marker after a comma.
    """
    starts = {span.start for span in actors}
    cut = []
    for start, end in bounds:
        for match in _CLAUSE.finditer(text, start, end):
            after = match.end()
            while after < end and text[after].isspace():
                after += 1
            english = match.group().lstrip("，,").strip().startswith(("while", "whereas"))
            near = any(after <= start < after + _CLAUSE_ACTOR_REACH for start in starts)
            if match.group("marker") or after in starts or (english and near):
                cut.append((start, match.start() + 1))
                start = match.start() + 1
        cut.append((start, end))
    return cut


def _take_matter(previous: tuple[list[_Sentence], _Sentence]) -> list[_Sentence]:
    """The sentences at the end of ``previous`` that the new initiative's 在这方面 refers to.

    各方也多方努力确保将南南合作和三方合作纳入……计划的主流。开发署……在这方面发挥了关键作用: the
    effort is what the new actor did, though its sentence names nobody. Only sentences that name
    no actor and do not point back themselves move; the head of ``previous`` never does.
    """
    group, start = previous
    taken: list[_Sentence] = []
    while (
        len(group) > 1 and group[-1] is not start and not group[-1].names_actor and not group[-1].points_back
    ):
        taken.insert(0, group.pop())
    return taken


def _list_items(text: str, group: list[_Sentence]) -> list[tuple[list[_Sentence], str]]:
    """One part per item when the group counts projects and lists three or more after 包括, split by ；.

    2020年启动了4个……项目，包括……提供赠款；……开发高性能建材和建筑；……；卢旺达的可持续竹子业发展。
    Each item is an initiative of its own, with the sentences before the list going with the first.
    """
    for index, sentence in enumerate(group):
        announced = _ANNOUNCED_LIST.search(text, sentence.start, sentence.end)
        if not announced or text[sentence.end - 1] not in "；;":
            continue
        opening = announced.end()
        last = index
        while last + 1 < len(group) and text[group[last].end - 1] in "；;":
            last += 1
        if last - index + 1 < _LIST_ITEMS:
            return []
        parts = [(group[: index + 1], _item_text(text, opening, sentence.end))]
        parts += [([s], _item_text(text, s.start, s.end)) for s in group[index + 1 : last + 1]]
        parts[-1][0].extend(group[last + 1 :])
        return parts
    return []


def _item_text(text: str, start: int, end: int) -> str:
    return text[start:end].strip().rstrip("；;。")


def _read_sentence(text: str, masked: str, start: int, end: int, actors: Sequence[Span]) -> _Sentence:
    body, marker, back, example = _skip_openers(text, start, end)
    points_back = back or bool(_ANAPHOR.match(text, body, end))
    # 它还和西非工商会联合会合作: the same actor, another activity; 该办公室的太平洋次区域办事处:
    # another unit of the same actor. Either starts an initiative of its own.
    again = bool(_SAME_ACTOR_AGAIN.match(text, body, end))
    action = first_action_in(masked, start, end)
    actor_before_verb = False
    for subject_end in _subject_ends(text, masked, start, body, end, actors):
        found = first_action_in(masked, subject_end, end)
        if found is not None:
            action, actor_before_verb = found, True
            break
    names_actor = (
        any(start <= span.start < end for span in actors)
        or named_project(text, start, end, actors) is not None
    )
    # 此外，该办公室还组织了 ...: a discourse marker opens a new initiative even by the same actor.
    opens_new = action is not None and (marker or again or (actor_before_verb and not points_back))
    return _Sentence(
        start,
        end,
        body,
        opens_new,
        points_back,
        action,
        names_actor,
        example,
        is_institutional(text, start, end),
        bool(_REFERS_BACK.search(text, body, end)),
    )


def _skip_openers(text: str, start: int, end: int) -> tuple[int, bool, bool, bool]:
    """Where the subject starts, whether a discourse marker, 据此 or 例如 opened the sentence."""
    position, marker, back, example = start, False, False, False
    while position < end and text[position].isspace():
        position += 1  # English sentences start after the space that ends the one before
    while True:
        match = _OPENER.match(text, position, end)
        if not match or match.end() == position:
            return position, marker, back, example
        marker = marker or bool(match.group("marker"))
        back = back or bool(match.group("back"))
        example = example or bool(match.group("example"))
        position = match.end()


def _subject_ends(
    text: str, masked: str, start: int, body: int, end: int, actors: Sequence[Span]
) -> list[int]:
    """Where the actors that are the sentence's subject end.

    The subject is what stands after the openers and before the first comma or action: an
    actor or a named project there (开发署索马里办事处, 全球南南发展中心项目及其合作伙伴),
    a project named in an opening frame (在城市项目和全球南南发展中心项目下), or an actor
    introduced by 由 (由中国政府提供).
    """
    comma = min((i for i in (text.find(c, body, end) for c in "，,；;") if i != -1), default=end)
    verb = first_action_in(masked, body, end)
    subject_end = min(comma, verb.start() if verb else end)
    ends = [span.end for span in actors if body <= span.start < subject_end]
    ends += [
        span.end
        for span in actors
        if start <= span.start < end
        and (text[span.start - 1 : span.start] == "由" or PASSIVE_AGENT.search(text, start, span.start))
    ]
    for low, high in ((body, subject_end), (start, body)):
        project = named_project(text, low, high, actors)
        if project is not None:
            ends.append(project[2])
    return sorted(ends)
