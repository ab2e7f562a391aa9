"""The SPARQL endpoint, started as a real server and queried over HTTP (SPARQLWrapper and urllib)."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from tests.conftest import cli_path

KEYS = "SELECT ?k WHERE { ?d <https://w3id.org/mandate-graph/ontology#key> ?k } ORDER BY ?k"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint(built_graph: Path) -> Iterator[str]:
    proc = subprocess.Popen(cli_path() + ["serve", str(built_graph), "--port", "0", "--timeout", "2",
                                          "--max-rows", "50"], stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"(http://\S+/sparql)", line)
    assert m, line
    yield m.group(1)
    proc.terminate()
    proc.wait(10)


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_serve_sparqlwrapper_json_xml_csv(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://w3id.org/mandate-graph/ontology#ReportingObligation> }")
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    assert int(res["results"]["bindings"][0]["n"]["value"]) >= 27
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert doc.getElementsByTagName("literal")[0].firstChild.data.isdigit()
    sw.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(sw.query().convert().decode())))
    assert rows[0] == ["n"] and rows[1][0].isdigit()


def test_serve_get_and_post(endpoint: str) -> None:
    q = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    code, _, body = http(f"{endpoint}?{q}")
    assert code == 200 and json.loads(body)["boolean"] is True
    code, _, body = http(endpoint, q.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert code == 200 and json.loads(body)["boolean"] is True
    code, hdr, body = http(endpoint, b"SELECT * WHERE { ?s ?p ?o } LIMIT 3",
                           {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert code == 200 and hdr["Content-Type"].startswith("text/csv") and len(body.decode().splitlines()) == 4


def test_serve_refuses_updates(endpoint: str) -> None:
    upd = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for data, ctype in ((upd.encode(), "application/sparql-update"),
                        (urllib.parse.urlencode({"update": upd}).encode(), "application/x-www-form-urlencoded")):
        code, _, body = http(endpoint, data, {"Content-Type": ctype})
        assert code == 403 and b"updates are refused" in body
    code, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': upd})}")
    assert code == 403 and b"updates are refused" in body
    code, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': 'ASK { <urn:a> <urn:b> <urn:c> }'})}")
    assert json.loads(body)["boolean"] is False


def test_serve_time_limit_then_recovers(endpoint: str) -> None:
    code, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': SLOW})}")
    assert code == 503 and b"time limit" in body
    code, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})}")
    assert code == 200 and json.loads(body)["boolean"] is True


def test_serve_size_limit_and_bad_query(endpoint: str) -> None:
    code, hdr, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': KEYS})}")
    assert code == 200 and hdr.get("Mandate-Graph-Truncated") == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    code, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': 'SELEC nonsense'})}")
    assert code == 400 and body.startswith(b"bad query")


def test_cli_serve_missing_graph_exit_2(tmp_path: Path) -> None:
    r = subprocess.run(cli_path() + ["serve", str(tmp_path / "none.ttl")], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "no such graph file" in r.stderr
