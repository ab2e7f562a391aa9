import pytest

from graph_builder.symbols import SymbolError, doc_iri, find_symbols, key_for, numbering_of, parse_symbol


@pytest.mark.parametrize("text", ["A/RES/78/182", "UNW/2024/3/Add.1", "A/66/6(Sect.17)", "JIU/NOTE/2022/1/Rev.1",
                                  "A/CONF.189/12/Corr.1", "E/CN.6/2012/2", "UNW/2024/CRP.3"])
def test_symbols_parse_printed_symbols(text):
    assert parse_symbol(text).text == text


@pytest.mark.parametrize("text", ["foo", "", "A/RES", "2024年"])
def test_symbols_bad_input_raises_clear_error(text):
    with pytest.raises(SymbolError, match="not a UN document symbol"):
        parse_symbol(text)


def test_symbols_keys_from_numbers_in_context():
    assert key_for("UNW-EB", "decision", "2023/7") == "UNW/DEC/2023/7"
    assert key_for("DP-EB", "decision", "2024/12") == "DP/DEC/2024/12"
    assert key_for("SC", "resolution", "1325(2000)") == "S/RES/1325(2000)"
    assert key_for("ECOSOC", "resolution", "2023/11") == "E/RES/2023/11"
    assert key_for("GA", "resolution", "S-23/2") == "A/RES/S-23/2"
    assert key_for("GA", "resolution", "217A(III)") == "A/RES/217(III)"
    assert numbering_of("64/289") == "session" and numbering_of("2022/8") == "year"


def test_symbols_find_expands_addenda_and_iris_are_stable():
    found = [s for _, _, s in find_symbols("the report (S/25704 and Add.1)")]
    assert found == ["S/25704", "S/25704/Add.1"]
    assert doc_iri("S/RES/1325(2000)") == doc_iri("S/RES/1325(2000)")
    assert "%28" in doc_iri("S/RES/1325(2000)")
