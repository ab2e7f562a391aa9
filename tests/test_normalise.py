from graph_builder.load import load
from graph_builder.normalise import normalise
from tests.conftest import EN, SEEDS


def test_normalise_zh_drops_page_furniture_and_urls():
    nt = normalise(load(SEEDS / "000_47d5557b413ad293.txt"))
    assert "24-14262" not in nt.text
    assert "https://" not in nt.text
    assert "15/18" not in nt.text


def test_normalise_zh_joins_wrapped_lines_without_spaces():
    nt = normalise(load(SEEDS / "000_47d5557b413ad293.txt"))
    assert "执行局 2024 年年度会议于2024年 6月 18日至 20日在纽约联合国总部举行" in nt.text


def test_normalise_zh_footnotes_set_apart_with_markers():
    nt = normalise(load(SEEDS / "004_de6ace4b8cabf79c.txt"))
    markers = {f.marker: f.text for f in nt.footnotes}
    assert markers["13"] == "A/78/216。"
    assert "不可或缺" in nt.text  # the paragraph broken by footnotes is whole again


def test_normalise_en_repairs_split_words_and_headers():
    nt = normalise(load(EN / "A_RES_77_196.txt"))
    body = nt.text[: nt.footnotes[0].start] if nt.footnotes else nt.text
    assert "World Conference against Racism" in body
    assert "22-28893" not in nt.text
    assert "1. Reaffirms the commitments" in body
