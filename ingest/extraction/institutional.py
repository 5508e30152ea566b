"""Tells the sentences that describe how an entity is organised or works, which report no activity.

A report of initiatives also says how its actors are set up: who is the focal point
(开发署还在每个区域局设有……联络人, ……科担任了整个亚太经社会南南合作和三方合作的协调中心),
which unit an entity created inside itself (农发基金设立了全球参与、伙伴关系和资源调集司),
that cooperation is mainstreamed in its own work or strategy (将南南合作和三方合作纳入所有部门的
工作主流, 纳入其工作方案, 资源调动战略纳入了南南合作和三方合作), or the way it runs all its work
(采用项目方式开展所有活动和方案, 广泛采用了这些模式). Such a sentence is an institutional
statement: no partner, no output, nothing done for someone. It starts no initiative and joins
none, and the field it names (南南合作和三方合作) is not the modality of a neighbouring one.
English reports say the same with "has a … focal point", "mainstreamed … into all its work",
"integrated … into its work programme".

Mainstreaming into someone else's plans is an activity and does not match: 确保将南南合作和
三方合作纳入 121 个联合国国家一级社会经济应对计划的主流 (the plans of countries), 促进了将……
纳入共同国家分析 (another process).
"""

import re

_INSTITUTIONAL = re.compile(
    # A standing role: a focal point, a coordinating centre, a liaison.
    r"(?:设有|担任了?)[^。；;]{0,40}?(?:联络人|联络点|协调人|协调中心|协调单位)|"
    # A unit inside the entity itself: a division, a section, a unit.
    r"设立了?[^。；;，,]{2,30}?(?:司|科|股)(?=[。；;，,]|$)|"
    # Mainstreaming into its own work, programme, policy or strategy.
    r"纳入(?:了)?(?:其|自身|本组织|所有部门|各部门|整个)[^。；;，,]{0,12}?(?:工作|方案|政策|战略|主流)|"
    r"(?:战略|政策|战略计划|战略框架)纳入了?|"
    # The way it runs its work: its modalities, a project approach for everything.
    r"采用了?(?:这些|这种|该|项目)?(?:模式|方式)|"
    # The same in English reports.
    r"\b(?:has|have|had|serves? as|served as|acts? as|acted as)\b[^.;]{0,60}?\bfocal points?\b|"
    r"\bmainstream(?:s|ed|ing)?\b[^.;]{0,60}?\binto (?:its|their|all (?:its|their))\b|"
    r"\b(?:integrat|incorporat)(?:es|ed|ing|e)\b[^.;]{0,60}?\binto (?:its|their) (?:own )?"
    r"(?:work|programmes?|policies|strateg(?:y|ies)|strategic plan)|"
    r"\b(?:strategy|strategic plan|policy)\b[^.;]{0,40}?\b(?:incorporates|integrates|mainstreams)\b|"
    # A unit set up inside the entity: IFAD established the Global Engagement ... Division.
    r"\bestablished (?:the|a|an|its) (?:[A-Z][\w,-]*\s+(?:and\s+)?)+(?:Division|Section|Unit|Branch)\b(?=\s*[.;,]|$)",
    re.IGNORECASE,
)


def is_institutional(text: str, start: int, end: int) -> bool:
    """True when the sentence ``text[start:end]`` describes an entity's set-up or way of working."""
    return _INSTITUTIONAL.search(text, start, end) is not None
