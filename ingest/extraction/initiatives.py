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
initiative is one initiative.

Titles: a project named before the first initiative's start, or a project that is the
subject, titles the initiative by its name (关于X的Y shortened to XY: 粮农组织-中国大湄公河
次区域跨界动物疾病防治南南合作项目). Otherwise the title is the actor's short name, a colon
and either a specific project it acted through (资发基金：重建地方财政空间倡议) or the verb
with its object up to the first comma, a 为-phrase before the verb included
(人口基金：为来自中国的医疗和政策专家举办一系列南南知识分享活动). The actor is the first
one in the subject, else the previous initiative's, else the paragraph's first. Titles
longer than 60 characters are cut at a word boundary and end with …; English text gets
English short names (UNEP: helped Mauritania ...).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import Gazetteer
from .gazetteer import gazetteer as load_gazetteer
from .kinds import ACTOR_FIELDS, first_action, first_action_in, mask_names, sentence_bounds
from .spans import Span

TITLE_LENGTH = 60

_MARKER = r"此外|另外|与此同时|同时|另|还|In addition|Furthermore|Moreover|Also|Meanwhile"
_OPENER = re.compile(
    rf"\s*(?:(?P<marker>{_MARKER})|(?P<back>据此|为此|因此|由此|在此基础上)|例如|比如|然而|最后|For example|"
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*(?:和|至|到|-)\s*\d{4}\s*年)?(?:\s*\d{1,2}\s*月)?|"
    r"(?:并?在|作为|根据|按照|除了)[^，。；,;]{1,40}(?=[，,])|(?:In|By|During) [^,.;]{1,40}(?=,))\s*[，,]?\s*"
)
_ANAPHOR = re.compile(
    r"(?:这|该|此|它|其(?!他)|上述|前者|后者|This\b|These\b|It\b|Its\b|The (?:project|programme)\b)"
)
# A subject the reference data does not know, then 与 or 同 and a partner it does.
_UNNAMED_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:与|同)")
_MARKED = re.compile(rf"\s*(?:{_MARKER})")
_CLAUSE = re.compile(r"[，,](?:而(?=[^，。；]{2,30}?则)|(?P<marker>此外|另外))")
# So many items after 包括, each ended by ；, are projects of their own (not the parts of one).
_LIST_ITEMS = 3
# 启动了4个由需求驱动的小额赠款项目，包括: a count of projects, then the list.
_ANNOUNCED_LIST = re.compile(r"\d+\s*(?:个|项)[^，。；]{0,20}?(?:项目|倡议|方案)[，,]\s*包括")
_PRONOUN_AGAIN = re.compile(r"(?:它|其)(?:还|也)")
_SAME_ACTOR_AGAIN = re.compile(
    r"(?:它|该办公室|该组织|该基金|该署)(?:还|也)|该办公室的[^，。；]{2,12}?(?:司|办事处|中心)"
)
# 解决方案 is a solution, 项目方式 a way of working, 项目署 an agency: none names a project.
_PROJECT_END = re.compile(
    r"(?<!解决)(?:项目|方案|倡议|机制|信托基金)(?!方式|管理|周期|规划|计划|署|厅|司|官员|国|组)"
)
_CHUNK_STOP = "，。；：、,;:()（）“”《》"
# Words that end the clause before a name: the name starts after the last of them.
_BEFORE_NAME = re.compile(r"经由|通过|借助|利用|包括|是|由|向|为|在")
_LEADING_WORDS = re.compile(r"(?:在|由|通过|经由|借助|利用|其|其他|与|和|还|也|并|则|主要|继续|已|正在)+")
_NOT_NAMED = re.compile(r"^(?:该|这|此|上述|各|所有|一个|一项|多个|许多|这些|有关|相关|其他|的|\d)")
_GENERIC_PROJECT = re.compile(
    r"^(?:南南合作|三方合作|南南合作和三方合作|合作|试点|区域|国家|发展|新)?(?:项目|方案|倡议|机制|信托基金)$"
)
_OBJECT_END = re.compile(r"[，。；：,;:)）]|以(?:便|期|促进|支持|应对|加强)")
# Where a long title may be cut: before a list's next item, never inside a number.
_BREAKS = "、和及与，"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A name this long is specific enough to title an initiative next to its actor.
_SPECIFIC_PROJECT = 8
# A project's name shorter than this says who, not what: the title adds the activity.
_NAME_WITH_ACTIVITY = 20
# An object that says nothing on its own (一个项目): the clause after it says what it is.
_GENERIC_OBJECT = re.compile(r"了?(?:一|两|几)?(?:个|项)?(?:项目|倡议|方案)|了?呼吁")
# 为开展世界范围的讨论，包括……，发挥了召集作用: the verb of a 为-phrase comes after its commas.
_LATE_MAIN_VERB = re.compile(
    r"[，,](?:[^，。；]*[，,])?\s*((?:发挥|提供|举办|组织)了?[^，。；]{0,16}?作用|(?:提供|举办|组织)了?[^，。；]{1,20})"
)
_PAIRS = (("“", "”"), ("《", "》"), ("(", ")"), ("（", "）"))


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
    for sentence in sentences:
        first_by_pointing_back = not groups and sentence.action is not None and sentence.points_back
        if sentence.opens_new or first_by_pointing_back:
            group = [sentence]
            if not groups and any(s.names_actor for s in leading):
                group = leading + group
            groups.append((group, sentence))
        elif groups:
            groups[-1][0].append(sentence)
        else:
            leading.append(sentence)
    if not groups:
        head = next((s for s in sentences if s.action is not None), sentences[0])
        groups = [(sentences, head)]
    initiatives = []
    previous: str | None = None
    subject: Span | None = None  # the actor of the latest initiative with a named one
    for group, head in groups:
        items = _list_items(text, group)
        frame = (group[0].start, text.find("包括", items[0][0][-1].start)) if items else None
        pronoun = bool(_PRONOUN_AGAIN.match(text, head.body))
        if not pronoun:
            subject = next((a for a in actors if head.body <= a.start < head.end), subject)
        title, previous = _title(text, masked, group[0].start, head, actors, gazetteer, previous)
        for number, (part, item) in enumerate(items or [(group, None)]):
            start, end = part[0].start, part[-1].end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if item is not None:
                title = _fit(f"{previous}：{item}" if previous else item)
            if not _CJK.search(text):
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
            if match.group("marker") or after in starts:
                cut.append((start, match.start() + 1))
                start = match.start() + 1
        cut.append((start, end))
    return cut


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
    body, marker, back = _skip_openers(text, start, end)
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
        any(start <= span.start < end for span in actors) or _project(text, start, end, actors) is not None
    )
    # 此外，该办公室还组织了 ...: a discourse marker opens a new initiative even by the same actor.
    opens_new = action is not None and (marker or again or (actor_before_verb and not points_back))
    return _Sentence(start, end, body, opens_new, points_back, action, names_actor)


def _skip_openers(text: str, start: int, end: int) -> tuple[int, bool, bool]:
    """Where the subject starts, whether a discourse marker opened the sentence, whether 据此 did."""
    position, marker, back = start, False, False
    while True:
        match = _OPENER.match(text, position, end)
        if not match or match.end() == position:
            return position, marker, back
        marker = marker or bool(match.group("marker"))
        back = back or bool(match.group("back"))
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
        span.end for span in actors if start <= span.start < end and text[span.start - 1 : span.start] == "由"
    ]
    for low, high in ((body, subject_end), (start, body)):
        project = _project(text, low, high, actors)
        if project is not None:
            ends.append(project[2])
    return sorted(ends)


def _project(text: str, start: int, end: int, actors: Sequence[Span]) -> tuple[str, int, int] | None:
    """The first named project, programme, initiative or mechanism in text[start:end]: name, start, end."""
    for match in _PROJECT_END.finditer(text, start, end):
        if any(span.start < match.end() <= span.end for span in actors):
            continue  # the end of an agency's own name (联合国志愿人员方案)
        left = match.start()
        while left > start and text[left - 1] not in _CHUNK_STOP:
            left -= 1
        if left > start and text[left - 1] == "”":
            # A quoted name: “Youth4South”倡议.
            opening = text.rfind("“", start, left)
            left = opening if opening != -1 else left
        for word in _BEFORE_NAME.finditer(text, left, match.start()):
            left = word.end()
        # 联合国南南合作办公室还通过其城市项目: the actor is the subject, not part of the name;
        # 粮农组织-中国...项目, 中国-农发基金...机制 and 中国农业大学的...方案 keep theirs.
        for span in actors:
            if (
                left <= span.start
                and span.end <= match.start()
                and text[span.end : span.end + 1] not in "-–的"
            ):
                if span.start > left and text[span.start - 1] in "-–":
                    continue
                left = span.end
        while True:
            stripped = _LEADING_WORDS.match(text, left, match.start())
            if not stripped or stripped.end() == left:
                break
            left = stripped.end()
        name = text[left : match.end()].strip()
        if (
            len(name) >= 4
            and not _NOT_NAMED.match(name)
            and not _GENERIC_PROJECT.match(name)
            # A chunk with a verb in it is a clause, not a name (以及建立...交流机制).
            and first_action(name, 0, len(name)) is None
        ):
            return name, left, match.end()
    return None


def _title(
    text: str,
    masked: str,
    group_start: int,
    head: _Sentence,
    actors: Sequence[Span],
    gazetteer: Gazetteer,
    previous: str | None,
) -> tuple[str, str | None]:
    action = _title_action(text, masked, head)
    verb_at = action.start() if action else head.end
    subject_actors = [span for span in actors if head.body <= span.start < verb_at]
    if _PRONOUN_AGAIN.match(text, head.body):
        subject_actors = []  # 它还和西非工商会联合会合作: the actor is the one before, the rest partners
    actor = _actor_name(subject_actors[0], gazetteer) if subject_actors else None
    partner_of = _UNNAMED_SUBJECT.match(text, head.body, subject_actors[0].start) if subject_actors else None
    if partner_of and partner_of.end() == subject_actors[0].start:
        # 亚太司与孟加拉国政府合作: the government is the partner; the subject is named as written.
        actor = partner_of.group(1)
    phrase = _phrase(text, head, action, subject_actors)
    introduced = _project(text, group_start, head.start, actors) if group_start < head.start else None
    subject_project = _project(text, head.body, verb_at, actors)
    if introduced:
        return _named(_shorten(introduced[0]), phrase), actor or previous
    if subject_project and (not subject_actors or subject_project[1] <= subject_actors[0].start):
        return _named(_shorten(subject_project[0]), phrase), actor or previous
    if actor:
        if subject_project and len(_shorten(subject_project[0])) >= _SPECIFIC_PROJECT:
            # The activity, and the project it went through when both fit.
            project = _shorten(subject_project[0])
            if phrase and len(actor) + len(phrase) + len(project) + 3 <= TITLE_LENGTH:
                return f"{actor}：{phrase}（{project}）", actor
            return _fit(f"{actor}：{phrase or project}"), actor
        return _fit(f"{actor}：{phrase}" if phrase else actor), actor
    framed = _project(text, head.start, verb_at, actors)
    base = _shorten(framed[0]) if framed else previous or _first_actor(actors, gazetteer)
    if base and phrase and len(base) + 1 + len(phrase) <= TITLE_LENGTH:
        return f"{base}：{phrase}", previous or base
    return _fit(base or phrase or text[head.start : head.end]), previous or base


def _named(name: str, phrase: str) -> str:
    """A project's name as a title; a short name says what was done too (全球南南发展中心项目：协助调集…)."""
    if phrase and len(name) < _NAME_WITH_ACTIVITY:
        return _fit(f"{name}：{phrase}")
    return _fit(name)


def _title_action(text: str, masked: str, head: _Sentence) -> re.Match | None:
    """The head's action, passing over relative clauses (提供的 20 亿美元融资)."""
    position = head.start
    while (action := first_action_in(masked, position, head.end)) is not None:
        if not text.startswith("的", action.end()):
            return action
        position = action.end()
    return head.action


def _phrase(text: str, head: _Sentence, action: re.Match | None, subject_actors: Sequence[Span]) -> str:
    """The verb and its object up to the first comma; a 为-phrase before the verb comes with it."""
    if action is None:
        return ""
    begin = action.start()
    after_subject = subject_actors[-1].end if subject_actors else head.body
    benefactive = text.rfind("为", after_subject, action.start())
    if benefactive != -1 and not re.search(r"[，,]", text[benefactive : action.start()]):
        begin = benefactive
    else:
        # 将南南合作和三方合作纳入…, 就……所起的作用展开了一项调查: what the verb is about,
        # put before it, comes with it.
        before = [text.rfind(word, after_subject, action.start()) for word in "将就"]
        moved = max(before)
        if moved != -1 and not re.search(r"[，,]", text[moved : action.start()]):
            begin = moved
    rest = text[begin : head.end]
    stop = _OBJECT_END.search(rest, action.end() - begin)
    # A quotation or a title is never cut: the object runs to its closing mark.
    while stop and rest.count("“", 0, stop.start()) > rest.count("”", 0, stop.start()):
        closing = rest.find("”", stop.start())
        stop = _OBJECT_END.search(rest, closing + 1) if closing != -1 else None
    phrase = rest[: stop.start()] if stop else rest
    if "(" in phrase and ")" not in phrase:
        phrase = phrase[: phrase.index("(")]
    if phrase.startswith("为") and action.start() == begin + 1 and stop:
        late = _LATE_MAIN_VERB.match(rest, stop.start())
        if late:
            phrase += late.group(1)
    elif stop and _GENERIC_OBJECT.fullmatch(phrase, action.end() - begin) and rest[stop.start()] in "，,":
        clause = _OBJECT_END.search(rest, stop.start() + 1)
        phrase += rest[stop.start() : clause.start() if clause else len(rest)]
    verb_end = action.end() - begin
    if phrase.startswith("了", verb_end):
        phrase = phrase[:verb_end] + phrase[verb_end + 1 :]
    return phrase.strip()


def _actor_name(span: Span, gazetteer: Gazetteer) -> str:
    if span.field == "agency" and span.value in gazetteer.agencies:
        entry = gazetteer.agencies[span.value]
        if not _CJK.search(span.text):
            return entry.aliases_en[0] if entry.aliases_en else entry.name_en
        return entry.short_names_zh[0] if entry.short_names_zh else entry.name_zh
    return span.text


def _first_actor(spans: Sequence[Span], gazetteer: Gazetteer) -> str | None:
    actors = sorted((s for s in spans if s.field in ACTOR_FIELDS), key=lambda s: s.start)
    return _actor_name(actors[0], gazetteer) if actors else None


def _shorten(name: str) -> str:
    """关于大湄公河次区域跨界动物疾病防治的南南合作项目 reads as one noun phrase without 关于 ... 的."""
    return re.sub(r"关于([^的]{1,30})的", r"\1", name)


def _fit(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= TITLE_LENGTH:
        return title
    cut = max((title.rfind(char, 0, TITLE_LENGTH - 2) for char in _BREAKS), default=-1)
    if cut < TITLE_LENGTH // 2:
        cut = TITLE_LENGTH - 2
    kept = title[:cut].rstrip("、和及与的，, ").removesuffix("以")
    # Every quotation mark or bracket the title opens, it closes, after the ellipsis.
    closing = "".join(close for open_, close in _PAIRS if kept.count(open_) > kept.count(close))
    return kept[: TITLE_LENGTH - 1 - len(closing)] + "…" + closing
