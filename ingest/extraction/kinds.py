"""Tells what a paragraph is: a report of initiatives, a recommendation, or context.

- ``recommendation``: a paragraph of the conclusions and recommendations chapter that says what should be done (应当, 应, 鼓励, 敦促, 吁请 ...),
  whose heading opens with 结论 or 建议, and every operative paragraph of a resolution (numbered, outside any chapter, opening
  with an operative verb such as 鼓励, 促请, 决定, 请, 重申, 注意到).
- ``initiative``: elsewhere, a paragraph with an initiative signal: in one of its
  sentences a named actor (an agency, an organisation, a government) comes before an
  action verb that reports something done or under way (举办, 实施, 发起, 调集, 拨出 ...),
  and no modal, reporting or purpose word stands between them. 贸发会议 ... 指出 reports a
  finding, 报告说，它们已制定战略 reports a claim, 力求加强 states an aim: none is an
  initiative. After 为此 ("to this end") such a word no longer counts: 鼓励会员国……，为此提供
  一个平台 reports a platform provided. A sentence that only describes how an entity is set
  up or works (``institutional``: a focal point, its own mainstreaming) gives no signal.
- ``context``: everything else: introductions, overviews, statistics, summaries of
  findings, preambular paragraphs and conclusions that recommend nothing.
"""

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from initiatives.reference.prefilter import compile_starting_with
from initiatives.text import sentence_bounds

from .flags import section_headings
from .institutional import is_institutional
from .spans import Span

INITIATIVE = "initiative"
RECOMMENDATION = "recommendation"
CONTEXT = "context"

ACTOR_FIELDS = frozenset({"agency", "organisation", "government", "programme"})
_MASKED_FIELDS = ACTOR_FIELDS | {"reference"}

# Verbs that report an action done or under way. Verbs that are as often nouns (组织,
# 投资, 协调, 进行) count only with the aspect or object that makes them verbs.
_ENGLISH_ACTIONS = (
    "organi[sz]ed", "held", "hosted", "launched", "implemented", "established", "set up", "supported",
    "provided", "mobili[sz]ed", "allocated", "funded", "financed", "donated", "trained", "convened",
    "developed", "published", "facilitated", "helped", "assisted", "co-organi[sz]ed", "invested",
    # Past and present tenses and the progressive: reports say what was done and what is under way.
    "earmarked", "committed", "granted", "disbursed", "contributed", "pledged", "received", "deployed",
    "delivered", "transferred", "shared", "shares", "supports", "provides", "promoted", "promotes",
    "compiled", "conducted", "carried out", "exchanged", "coordinated", "documented", "mapped",
    "codified", "offered", "issued", "partnered", "collaborated", "cooperated", "worked", "built",
    "created", "introduced", "expanded", "scaled up", "piloted", "signed", "led", "took part",
    "participated", "co-hosted", "jointly organi[sz]ed", "is implementing", "are implementing",
    "is building", "are building", "is supporting", "played", "served", "helps", "continued",
    "continues", "consolidated", "enabled", "produced", "reached", "trained", "awarded", "sponsored",
    "organi[sz]es", "implements", "launches", "allocates", "is also building", "is also implementing",
    "is also supporting", "is also developing", "is also working",
    # "encourages Member States to ... by providing a platform": what it did comes after "by".
    "by providing", "by offering", "by organi[sz]ing", "by hosting", "by supporting", "by establishing",
)  # fmt: skip
# Each English verb is a whole word: its first letter, then no letter before that one (what ``\b``
# says before it), so that every alternative opens with a letter and ``re`` skips in C to those.
_ACTION = re.compile(
    r"举办|举行|实施|执行|发起|启动|建立|设立|创建|支持|提供|调集|筹集|动员|拨出|拨款(?=了|\s*\d)|资助|开展|"
    r"捐赠|协助|帮助|发布|推出|汇编|编纂|编制|分享|购买|指定|主持|部署|记录|牵头|发表(?=了)|(?<!可)推广(?!的)|培训(?=了)|"
    r"展开|召开|汇集|担任|发挥(?=了[^，。；]{0,8}作用)|制定|制订|提出(?=愿意)|致力于(?=建设|建立)|发出(?=呼吁|邀请)|(?<!致力)(?<!力求)促进(?=了|[\u4e00-\u9fff]{2,}和)|纳入(?=[^，。；]{0,12}主流)|转让(?=了|给|相关)|"
    r"组织(?=了|一|对|召开|举办|开展|多|各种|联合)|投资(?=了|于)|协调(?=了|部署)|进行(?=了)|交流(?=了)|"
    + "|".join(rf"{verb[0]}(?<!\w{verb[0]}){verb[1:]}\b" for verb in _ENGLISH_ACTIONS)
)
# A verb used as a noun: 的支持, 支持下, 提供者, 知识分享活动, 方案的制定、执行、协调.
_NOUN_BEFORE = "的、"
_NOUN_AFTER = re.compile(r"下|者|方面|活动|交流|工作|机制|平台|会议|伙伴")
# Between an actor and a verb these make the verb not the actor's reported action.
_BLOCKER = compile_starting_with(
    r"(?<![响供适相反效回对])应(?:当|该)?(?![对用急变])|必须|需要|鼓励|敦促|吁请|促请|呼吁|"
    r"指出|警告|提醒|重申|强调|报告说|表明|显示|述及|认为|建议|"
    r"旨在|力求|以期|目的是|为了|以便|用于|得以|能够|可以|以(?=加大|加强|促进|推动|确保|实现|提高|扩大)|"
    r"\b(?:should|must|encourage[sd]?|urge[sd]?|call(?:s|ed)? (?:on|upon)|noted|stated|warned|"
    r"recommend(?:s|ed)?|aims? to|in order to|reminded|reiterated|highlighted|stressed|emphasi[sz]ed|"
    r"found that|showed|reported that|according to|is intended to|are intended to)\b",
    "应必需鼓敦吁促呼指警提重强报表显述认建旨力以目为用得能可smeucnwrai",
    re.IGNORECASE,
)
_RECOMMENDS = re.compile(
    r"(?<![响供适相反效回对])应(?:当|该)?(?![对用急变])|鼓励|敦促|吁请|促请|呼吁|需要|必须|"
    r"\b(?:should|must|encourage[sd]?|urge[sd]?|call(?:s|ed)? (?:on|upon)|recommend(?:s|ed)?)\b",
    re.IGNORECASE,
)
# The chapter's own heading, not one that names recommendations made elsewhere
# (联合国各实体执行...高级别会议建议方面的活动要点 reports activities).
_CONCLUSIONS = re.compile(r"^\s*(?:结论|建议|Conclusions|Recommendations)", re.IGNORECASE)
_INTRODUCTION = re.compile(r"^(?:引言|导言|导论|Introduction)$")
_OPERATIVE = re.compile(
    r"^\s*(?:\*\*)?(?:回顾|表示|重申|鼓励|注意到|决定|促请|呼吁|吁请|请|敦促|欢迎|赞赏|确认|强调|邀请|"
    r"认识到|赞扬|承认|要求|敦请|又|还|Recalls|Takes note|Reaffirms|Encourages|Notes|Decides|Urges|Calls|"
    r"Requests|Invites|Welcomes|Acknowledges|Recognizes|Stresses|Emphasizes|Also|Further)"
)
# An English name: capitalised words (and the small words between them), then the kind of thing
# it is: the Global South-South Development Centre project, the China Voluntary Fund.
NAMED_PROJECT_EN = re.compile(
    r"\b(?:[Tt]he|[Ii]ts) ((?:[A-Z0-9][\w'’-]*|South-South)(?:[ -](?:[A-Z0-9][\w'’-]*|South-South|and|of|for|on|the|"
    r"cooperation|cities|city))*? (?:project|programme|Programme|initiative|Initiative|Facility|Fund|mechanism|"
    r"Trust Fund|Partnership))\b"
)


# "was organized by WFP", "implemented by FAO": the actor named after the verb.
PASSIVE_AGENT = re.compile(r"\b(?:by|by the)\s+$")
# "According to UNCTAD, trade reached ...": a source cited, not an actor.
REPORTED_BY = re.compile(r"\b[Aa]ccording to (?:the\s+)?$")
# 该基金资助了, 该项目支持: a subject that points back to a project or fund the paragraph named.
_REFERRING_SUBJECT = re.compile(
    r"(?:该|这一?|此)(?:项目|方案|倡议|机制|基金|中心|平台|网络|举措)|"
    r"\b[Tt]he (?:project|programme|Fund|initiative|Facility|platform|network|mechanism)\b(?= [a-z])"
)
# 为 X 提供支持: the action is the verb after the 为-phrase, not a verb inside it.
_MAIN_AFTER_BENEFACTIVE = re.compile(r"提供|举办|组织|开展|设立|建立|发挥")
# English sentences end at a full stop before a capital letter or the end of the text.
# Runs of ordinary characters are taken whole; a sentence is as long as it can be either way.
_TITLES = re.compile(r"《[^》]*》|“[^”]*”")


def classify_paragraph(
    *, text: str, section: Sequence = (), has_initiative_signal: bool, number: int | None = None
) -> str:
    """``initiative``, ``recommendation`` or ``context``; ``number`` tells operative paragraphs."""
    headings = section_headings(section)
    if not headings and number is not None and _OPERATIVE.match(text):
        return RECOMMENDATION
    if any(_CONCLUSIONS.search(heading) for heading in headings):
        return RECOMMENDATION if _RECOMMENDS.search(text) else CONTEXT
    if any(_INTRODUCTION.match(heading.strip()) for heading in headings):
        return CONTEXT
    if not headings and number is None and _OPERATIVE.match(text):
        return CONTEXT  # a resolution's preamble
    return INITIATIVE if has_initiative_signal else CONTEXT


def initiative_signal(text: str, *, spans: Iterable[Span]) -> bool:
    """True when some sentence has a named actor followed by an action it reports."""
    actors = [span for span in spans if span.field in ACTOR_FIELDS]
    if actors:
        actors += [
            Span("reference", m.start(), m.end(), m.group(), "") for m in _REFERRING_SUBJECT.finditer(text)
        ]
    # The IBSA Fund has allocated ..., the Global South-South Development Centre project helped ...:
    # a fund, facility or project named in English acts as its manager's agency does.
    named = (
        m for m in NAMED_PROJECT_EN.finditer(text) if not any(a.start <= m.start(1) < a.end for a in actors)
    )
    actors += [Span("reference", m.start(1), m.end(1), m.group(1), "") for m in named]
    masked = mask_names(text, actors)
    for start, end in sentence_bounds(text):
        if is_institutional(text, start, end):
            continue  # a focal point or a mainstreaming policy is not something done
        for actor in actors:
            if not start <= actor.start < end or REPORTED_BY.search(text, start, actor.start):
                continue
            if first_action_in(masked, actor.end, end) is not None:
                return True
            # A passive sentence: a workshop was organized by WFP.
            if PASSIVE_AGENT.search(text, start, actor.start) and first_action_in(masked, start, actor.start):
                return True
    return False


def first_action(text: str, start: int, end: int, *, spans: Iterable[Span] = ()) -> re.Match | None:
    """The first reported action in ``text[start:end]`` that no blocker precedes, or None.

    Actions inside names (组织 in 世界卫生组织) and inside titles and quotations are not actions.
    """
    return first_action_in(mask_names(text, spans), start, end)


def mask_names(text: str, spans: Iterable[Span] = ()) -> str:
    """``text`` with the names of actors and all titles and quotations blanked out, for ``first_action_in``."""
    return _mask(text, tuple((span.start, span.end) for span in spans if span.field in _MASKED_FIELDS))


# The splitter asks about the same sentences of one paragraph again and again.
@lru_cache(maxsize=1024)
def first_action_in(masked: str, start: int, end: int) -> re.Match | None:
    """``first_action`` in a text blanked out by ``mask_names``: the same match, found once per text."""
    blocked = False
    for match in _ACTION.finditer(masked, start, end):
        if _is_noun_before(masked, match.start()) or _NOUN_AFTER.match(masked, match.end()):
            continue
        # ……鼓励会员国积极促进南南合作，为此提供一个平台: what follows 为此 was done to that end,
        # so an aim or a call before it does not make it hypothetical.
        since = masked.rfind("为此", start, match.start())
        if match.group().startswith("by "):
            since = match.start() - 2  # as after 为此: the means by which the call was answered
        if _BLOCKER.search(masked, since + 2 if since != -1 else start, match.start()):
            blocked = True
            continue
        if blocked and since == -1:
            return None
        return _main_verb(masked, start, end, match)
    return None


def _is_noun_before(masked: str, at: int) -> bool:
    """的 or 、 just before ``at`` (a line break between them counts as nothing)."""
    before = masked[at - 1] if at >= 1 else ""
    if before == "\n" and at >= 2:
        before = masked[at - 2]
    return before != "" and before in _NOUN_BEFORE


def _main_verb(masked: str, start: int, end: int, match: re.Match) -> re.Match:
    """The verb after a 为-phrase when ``match`` lies inside one (为在南非建立...中心提供了支持)."""
    if masked.find("为", start, match.start()) == -1:
        return match
    clause_end = min(
        (i for i in (masked.find(c, match.end(), end) for c in "，,；;。") if i != -1), default=end
    )
    later = None
    for candidate in _MAIN_AFTER_BENEFACTIVE.finditer(masked, match.end(), clause_end):
        if not _NOUN_AFTER.match(masked, candidate.end()):
            later = candidate
            break
    return later or match


@lru_cache(maxsize=256)
def _mask(text: str, ranges: tuple[tuple[int, int], ...]) -> str:
    chars = list(text)
    for start, end in (*ranges, *((m.start(), m.end()) for m in _TITLES.finditer(text))):
        chars[start:end] = "□" * (end - start)
    return "".join(chars)
