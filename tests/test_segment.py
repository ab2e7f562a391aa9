from graph_builder.load import load
from graph_builder.normalise import normalise
from graph_builder.segment import segment
from tests.conftest import EN, SEEDS


def test_segment_session_report_annexed_decisions_are_documents():
    seg = segment(normalise(load(SEEDS / "000_47d5557b413ad293.txt", symbol="UNW/2024/6")))
    keys = [d.key for d in seg.documents]
    assert keys == ["UNW/2024/6"] + [f"UNW/DEC/2024/{n}" for n in range(2, 9)]
    d8 = seg.documents[-1]
    assert d8.date == "2024-06-20" and d8.container == "UNW/2024/6"
    assert [p.number for p in d8.paragraphs if p.kind == "sub"] == ["3(a)", "3(b)", "3(c)"]


def test_segment_resolution_preamble_and_operative_with_spans():
    nt = normalise(load(SEEDS / "004_de6ace4b8cabf79c.txt", symbol="A/RES/78/182"))
    doc = segment(nt).documents[0]
    ops = [p for p in doc.paragraphs if p.kind == "operative"]
    assert len(ops) == 48 and ops[46].number == "47"
    assert all(nt.text[p.start:p.end] == p.text for p in doc.paragraphs)
    assert sum(p.kind == "preambular" for p in doc.paragraphs) > 30


def test_segment_en_symbol_detected_from_text():
    seg = segment(normalise(load(EN / "S_RES_827_1993.txt")))
    assert seg.documents[0].key == "S/RES/827(1993)" and seg.documents[0].issuer == "SC"
    assert seg.documents[0].date == "1993-05-25"
