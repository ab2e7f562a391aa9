"""Each construction on a short sentence written for it, and on the seed texts."""
from __future__ import annotations

import pytest

from graph_builder.extract import extract
from graph_builder.model import SourceText
from graph_builder.normalise import normalise
from graph_builder.segment import segment
from tests.conftest import SEEDS


def run(text: str, lang: str = "zh", symbol: str = "", issuer: str = ""):
    src = SourceText("x.txt", "x.txt", text, lang, "0" * 64, symbol, {"issuer": issuer} if issuer else {})
    return extract(segment(normalise(src)))


GA_HEAD = "大会，\n\n回顾其第 70/1 号决议，\n\n"
BOARD_HEAD = "执行局，\n\n"


def obligations(ex):
    return [(o.obligor, o.recipient, [s.key for s in o.sessions], o.recurrence, o.force) for o in ex.obligations]


def test_extract_zh_report_to_ga_session():
    ex = run(GA_HEAD + "1. 又请秘书长向大会第八十届会议报告本决议的执行情况。", symbol="A/RES/99/1")
    assert obligations(ex) == [("SG", "GA", ["GA-80"], "once", "request")]
    assert [(c.cited, c.relation) for c in ex.citations] == [("A/RES/70/1", "recalls")]


def test_extract_zh_two_sessions_of_a_commission():
    ex = run(GA_HEAD + "1. 请秘书长向妇女地位委员会第六十八届和第六十九届会议提出口头报告。", symbol="A/RES/99/1")
    assert obligations(ex)[0][:3] == ("SG", "CSW", ["CSW-68", "CSW-69"])


def test_extract_zh_anaphora_commission():
    ex = run(GA_HEAD + "1. 重申妇女地位委员会的作用，鼓励该委员会继续工作；", symbol="A/RES/99/1")
    assert [(a.verb, a.addressees) for a in ex.actions] == [("reaffirms", []), ("encourages", ["CSW"])]


@pytest.mark.parametrize("sentence,expected", [
    ("1. 请妇女署在 2025 年年度会议上向执行局报告。", ("UNW", "UNW-EB", ["UNW-EB-2025-AS"])),
    ("1. 请主席团在 2024 年第二届常会之前提交路线图。", ("UNW-EB-BUREAU", "UNW-EB", ["UNW-EB-2024-SRS"])),
    ("1. 决定将报告传送给经济和社会理事会。", ("UNW-EB", "ECOSOC", [])),
])
def test_extract_zh_board_obligations(sentence, expected):
    ex = run(BOARD_HEAD + sentence, symbol="UNW/DEC/2099/1")
    assert obligations(ex)[0][:3] == expected


def test_extract_zh_due_before_and_recurring_from_year():
    ex = run(BOARD_HEAD + "1. 请妇女署向执行局第一届常会提供最新信息，并决定从 2025 年开始，将这一最新信息列为一个经常性项目。",
             symbol="UNW/DEC/2099/1")
    assert obligations(ex) == [("UNW", "UNW-EB", ["UNW-EB-2025-FRS"], "annual", "request")]
    ex = run(BOARD_HEAD + "1. 请妇女署在 2024 年第二届常会之前提交路线图。", symbol="UNW/DEC/2099/1")
    assert ex.obligations[0].sessions[0].relation == "before"


def test_extract_zh_verbs_in_order_with_mapping():
    ex = run(GA_HEAD + "1. 注意到大会的工作，大力鼓励会员国参与，并再次促请秘书长继续努力；", symbol="A/RES/99/1")
    assert [a.verb for a in ex.actions] == ["notes", "strongly-encourages", "calls-upon"]
    assert ex.actions[2].addressees == ["SG"]


def test_extract_zh_citation_list_types_every_number():
    ex = run(GA_HEAD + "1. 回顾安全理事会第 1325(2000)号、第 1820(2008)号和第 2467(2019)号决议以及经济及社会理事会第 2023/11 号决议；",
             symbol="A/RES/99/1")
    cited = {c.cited for c in ex.citations}
    assert {"S/RES/1325(2000)", "S/RES/1820(2008)", "S/RES/2467(2019)", "E/RES/2023/11"} <= cited


def test_extract_zh_board_decision_context():
    ex = run(BOARD_HEAD + "1. 回顾其第 2023/7 号决定，决定参加开发署、人口基金和项目署执行局决定(2024/12)设立的工作组；",
             symbol="UNW/DEC/2099/1")
    assert {(c.cited, c.relation) for c in ex.citations} >= {("UNW/DEC/2023/7", "recalls"), ("DP/DEC/2024/12", "cites")}


def test_extract_zh_restated_obligation_and_fulfils():
    text = ("秘书长的报告\n\n一. 导言\n\n1. 大会在第 64/289 号决议中建立了妇女署。该决议请秘书长向大会第六十六届会议提交进度报告。"
            "本报告是依照这一要求提交的。")
    ex = run(text)
    assert obligations(ex) == [("SG", "GA", ["GA-66"], "once", "request")]
    assert ex.obligations[0].document == "A/RES/64/289"
    assert any(c.relation == "fulfils" and c.cited == "A/RES/64/289" for c in ex.citations)


def test_extract_en_report_to_assembly_session_and_council():
    ex = run("The General Assembly,\n\nRecalling its resolutions 62/138 of 18 December 2007 and 63/158,\n\n"
             "1. Requests the Secretary-General to submit a report to the General Assembly at its seventy-ninth session;",
             lang="en", symbol="A/RES/99/1")
    assert obligations(ex) == [("SG", "GA", ["GA-79"], "once", "request")]
    assert {c.cited for c in ex.citations} == {"A/RES/62/138", "A/RES/63/158"}
    ex = run("The Security Council,\n\nReaffirming its resolution 713 (1991),\n\n"
             "1. Requests the Secretary-General to implement this resolution and to report periodically to the Council;",
             lang="en", symbol="S/RES/999(2099)")
    assert obligations(ex) == [("SG", "SC", [], "periodic", "request")]
    assert [(c.cited, c.relation) for c in ex.citations] == [("S/RES/713(1991)", "reaffirms")]


def test_extract_en_mid_paragraph_verbs():
    ex = run("The General Assembly,\n\n1. Stresses the need to act, and calls upon States to act, and further invites "
             "Member States to contribute;", lang="en", symbol="A/RES/99/1")
    assert [a.verb for a in ex.actions] == ["stresses", "calls-upon", "invites"]


def test_extract_seed_decisions_sub_paragraph_obligation():
    from graph_builder.load import load
    ex = extract(segment(normalise(load(SEEDS / "000_47d5557b413ad293.txt", symbol="UNW/2024/6"))))
    got = {(o.document, o.paragraph_number, o.obligor, o.recipient) for o in ex.obligations}
    assert ("UNW/DEC/2024/8", "3(b)", "UNW", "UNW-EB") in got
    assert ("UNW/DEC/2024/6", "6", "OMBUDSMAN", "UNW-EB") in got
