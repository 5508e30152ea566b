"""Titles of initiatives, and the names of projects a title or a split reads.

A title names the actor and the activity, in the document's language. A project named before
the first initiative's start, or a project that is the subject, titles the initiative by its
name (关于X的Y shortened to XY: 粮农组织-中国大湄公河次区域跨界动物疾病防治南南合作项目); a
name under 20 characters says who, not what, and is followed by the activity
(全球南南发展中心项目：协助调集…). Otherwise the title is the actor's short name, a colon and the
verb with its object up to the first comma, with what stands before the verb and belongs to it
(为来自中国的医疗和政策专家举办…, 将南南合作和三方合作纳入…, 就……展开一项调查), the clause
after an object that says nothing alone (资助一个项目，将……转让给斐济), and the project it went
through in brackets when that fits. The actor is the first one in the subject (not a partner
after 与), else the previous initiative's, else the paragraph's first. A quotation is never cut;
titles longer than 60 characters are cut between words, end with … and close what they opened;
English text gets English short names (UNEP: helped Mauritania ...).
"""

import re
from collections.abc import Sequence

from initiatives.reference.gazetteer import Gazetteer

from .kinds import ACTOR_FIELDS, NAMED_PROJECT_EN, first_action, first_action_in
from .spans import Span

TITLE_LENGTH = 60
CJK = re.compile(r"[\u4e00-\u9fff]")
# 它还, 其也: the actor is the one named before.
PRONOUN_AGAIN = re.compile(r"(?:它|其)(?:还|也)|(?:[Ii]t|[Tt]hey) (?:also|further)\b")
# A subject the reference data does not know, then 与 or 同 and a partner it does.
_UNNAMED_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:与|同)")
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
# A comma ends the object, except the thousands separator of an amount ($260,000).
_OBJECT_END = re.compile(r"[，。；：;:)）]|,(?!\d{3}\b)|以(?:便|期|促进|支持|应对|加强)")
# Where a long title may be cut: before a list's next item, never inside a number.
_BREAKS = "、和及与，"
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


def named_project(text: str, start: int, end: int, actors: Sequence[Span]) -> tuple[str, int, int] | None:
    """The first named project, programme, initiative or mechanism in text[start:end]: name, start, end."""
    if not CJK.search(text, start, end):
        for match in NAMED_PROJECT_EN.finditer(text, start, end):
            # The name of an agency (the United Nations Capital Development Fund) is no project.
            if not any(span.start <= match.start(1) < span.end for span in actors):
                return match.group(1), match.start(1), match.end(1)
        return None
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


def initiative_title(
    text: str,
    masked: str,
    group_start: int,
    head,
    actors: Sequence[Span],
    gazetteer: Gazetteer,
    previous: str | None,
) -> tuple[str, str | None]:
    action = _title_action(text, masked, head)
    verb_at = action.start() if action else head.end
    subject_actors = [span for span in actors if head.body <= span.start < verb_at]
    if PRONOUN_AGAIN.match(text, head.body):
        subject_actors = []  # 它还和西非工商会联合会合作: the actor is the one before, the rest partners
    actor = _actor_name(subject_actors[0], gazetteer) if subject_actors else None
    partner_of = _UNNAMED_SUBJECT.match(text, head.body, subject_actors[0].start) if subject_actors else None
    if partner_of and partner_of.end() == subject_actors[0].start:
        # 亚太司与孟加拉国政府合作: the government is the partner; the subject is named as written.
        actor = partner_of.group(1)
    phrase = _phrase(text, head, action, subject_actors)
    introduced = named_project(text, group_start, head.start, actors) if group_start < head.start else None
    subject_project = named_project(text, head.body, verb_at, actors)
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
            return fit_title(f"{actor}：{phrase or project}"), actor
        return fit_title(f"{actor}：{phrase}" if phrase else actor), actor
    framed = named_project(text, head.start, verb_at, actors)
    base = _shorten(framed[0]) if framed else previous or _first_actor(actors, gazetteer)
    if base and phrase and len(base) + 1 + len(phrase) <= TITLE_LENGTH:
        return f"{base}：{phrase}", previous or base
    return fit_title(base or phrase or text[head.start : head.end]), previous or base


def _named(name: str, phrase: str) -> str:
    """A project's name as a title; a short name says what was done too (全球南南发展中心项目：协助调集…)."""
    if phrase and len(name) < _NAME_WITH_ACTIVITY:
        return fit_title(f"{name}：{phrase}")
    return fit_title(name)


def _title_action(text: str, masked: str, head) -> re.Match | None:
    """The head's action, passing over relative clauses (提供的 20 亿美元融资)."""
    position = head.start
    while (action := first_action_in(masked, position, head.end)) is not None:
        if not text.startswith("的", action.end()):
            return action
        position = action.end()
    return head.action


def _phrase(text: str, head, action: re.Match | None, subject_actors: Sequence[Span]) -> str:
    """The verb and its object up to the first comma; a 为-phrase before the verb comes with it."""
    if action is None:
        return ""
    begin = action.start()
    after_subject = subject_actors[-1].end if subject_actors else head.body
    benefactive = text.rfind("为", after_subject, action.start())
    if text.startswith("为此", benefactive):
        benefactive = -1  # 为此 ("to this end") points back; it names no beneficiary
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
    if span.text.endswith(("司", "局")):
        return span.text  # a division or bureau (亚太司) says which part of the agency acted
    if span.field == "agency" and span.value in gazetteer.agencies:
        entry = gazetteer.agencies[span.value]
        if not CJK.search(span.text):
            return entry.aliases_en[0] if entry.aliases_en else entry.name_en
        return entry.short_names_zh[0] if entry.short_names_zh else entry.name_zh
    return span.text


def _first_actor(spans: Sequence[Span], gazetteer: Gazetteer) -> str | None:
    actors = sorted((s for s in spans if s.field in ACTOR_FIELDS), key=lambda s: s.start)
    return _actor_name(actors[0], gazetteer) if actors else None


def _shorten(name: str) -> str:
    """关于大湄公河次区域跨界动物疾病防治的南南合作项目 reads as one noun phrase without 关于 ... 的."""
    return re.sub(r"关于([^的]{1,30})的", r"\1", name)


def fit_title(title: str) -> str:
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
