"""Regenerate ontology/bodies.ttl from lexicon/bodies.csv plus the English aliases,
contextual labels and structure below.  Run: python tools/gen_bodies_ttl.py

The Turtle file is what the builder reads; this script only keeps it tidy.
Contextual labels ("the Council", 执行局, 主席团) are written as skos:hiddenLabel: they
name the body only when the document's context does not point elsewhere.
"""
from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIND_CLASS = {
    "principal organ": "PrincipalOrgan", "official": "Official", "main committee": "MainCommittee",
    "functional commission": "FunctionalCommission", "regional commission": "RegionalCommission",
    "treaty body": "TreatyBody", "subsidiary body": "SubsidiaryBody", "entity": "Entity",
    "governing body": "ExecutiveBoard", "bureau": "Bureau", "secretariat": "Secretariat",
    "office": "Office", "advisory body": "AdvisoryBody", "oversight body": "OversightBody",
    "coordination body": "CoordinationBody", "working group": "WorkingGroup", "system": "SystemNetwork",
    "collective": "Collective", "expert body": "ExpertBody", "specialized agency": "SpecializedAgency",
    "secretariat department": "SecretariatDepartment", "task force": "TaskForce",
}
EN_ALIASES = {
    "GA": ["General Assembly"], "SC": ["Security Council"],
    "ECOSOC": ["Economic and Social Council", "ECOSOC"], "SG": ["Secretary-General"],
    "PGA": ["President of the General Assembly"], "CSW": ["Commission on the Status of Women"],
    "UNW": ["UN-Women", "United Nations Entity for Gender Equality and the Empowerment of Women"],
    "UNW-ED": ["Executive Director of UN-Women"], "UNW-EB": ["Executive Board of UN-Women"],
    "UNDP": ["United Nations Development Programme", "UNDP"],
    "UNFPA": ["United Nations Population Fund", "UNFPA"], "UNICEF": ["United Nations Children's Fund", "UNICEF"],
    "UNOPS": ["UNOPS"], "WHO": ["World Health Organization"], "JIU": ["Joint Inspection Unit"],
    "OIOS": ["Office of Internal Oversight Services"], "BOA": ["Board of Auditors"],
    "MEMBER-STATES": ["Member States", "all Member States"], "GOVERNMENTS": ["Governments"],
    "STATES-PARTIES": ["States parties"],
    "STAKEHOLDERS": ["stakeholders", "all relevant stakeholders", "other stakeholders", "relevant stakeholders"],
    "CIVIL-SOCIETY": ["civil society", "non-governmental organizations", "civil society organizations",
                      "relevant actors of civil society"],
    "UN-SYSTEM": ["United Nations system", "organs and specialized agencies of the United Nations system",
                  "relevant funds and programmes", "United Nations entities", "United Nations Secretariat",
                  "funds and programmes"],
    "HRC": ["Human Rights Council"], "ICJ": ["International Court of Justice"],
    "UNCT": ["United Nations country teams"], "RC": ["resident coordinators"],
}
# labels that name the body only in context (resolved against the issuing body first)
HIDDEN = {
    "GA": {"en": ["the Assembly"]}, "SC": {"en": ["the Council"]}, "ECOSOC": {"en": ["the Council"]},
    "HRC": {"en": ["the Council"]}, "CSW": {"en": ["the Commission"], "zh": ["委员会"]},
    "UNW-EB": {"zh": ["执行局"], "en": ["the Executive Board", "the Board"]},
    "UNW-EB-BUREAU": {"zh": ["主席团"], "en": ["the Bureau"]},
    "UNW-EB-SECRETARIAT": {"zh": ["秘书处"], "en": ["the secretariat"]},
    "JIU-WG": {"zh": ["工作组"], "en": ["the working group"]},
}
# org:subOrganizationOf / governs / reportsTo
STRUCTURE = {
    "CSW": [("subOrganizationOf", "ECOSOC"), ("reportsTo", "ECOSOC")],
    "C3": [("subOrganizationOf", "GA")], "C1": [("subOrganizationOf", "GA")], "C2": [("subOrganizationOf", "GA")],
    "C4": [("subOrganizationOf", "GA")], "C5": [("subOrganizationOf", "GA")], "C6": [("subOrganizationOf", "GA")],
    "PGA": [("postIn", "GA")], "ECOSOC-PRES": [("postIn", "ECOSOC")],
    "UNW-EB": [("governs", "UNW"), ("reportsTo", "ECOSOC")],
    "UNW-EB-BUREAU": [("subOrganizationOf", "UNW-EB")], "UNW-EB-SECRETARIAT": [("subOrganizationOf", "UNW-EB")],
    "UNW-ED": [("postIn", "UNW")], "UNW-IEAS": [("subOrganizationOf", "UNW")],
    "UNW-IES": [("subOrganizationOf", "UNW-IEAS")], "UNW-IAS": [("subOrganizationOf", "UNW-IEAS")],
    "UNW-ETHICS": [("subOrganizationOf", "UNW")], "UNW-INDEPENDENT-OFFICES": [("subOrganizationOf", "UNW")],
    "ACO": [("reportsTo", "UNW-EB")], "JIU-WG": [("reportsTo", "UNW-EB")],
    "DP-EB": [("governs", "UNDP"), ("governs", "UNFPA"), ("governs", "UNOPS"), ("reportsTo", "ECOSOC")],
    "UNICEF-EB": [("governs", "UNICEF"), ("reportsTo", "ECOSOC")], "WFP-EB": [("governs", "WFP")],
    "HRC": [("subOrganizationOf", "GA")], "CPC": [("subOrganizationOf", "ECOSOC")],
    "HLPF": [("subOrganizationOf", "ECOSOC")], "ACABQ": [("subOrganizationOf", "GA")],
    "PBC": [("subOrganizationOf", "GA")], "UNAIDS-PCB": [("governs", "UNAIDS")], "WHO-DG": [("postIn", "WHO")],
    "CSTD": [("subOrganizationOf", "ECOSOC")], "CSOCD": [("subOrganizationOf", "ECOSOC")],
    "CPD": [("subOrganizationOf", "ECOSOC")], "STATCOM": [("subOrganizationOf", "ECOSOC")],
    "CND": [("subOrganizationOf", "ECOSOC")], "CCPCJ": [("subOrganizationOf", "ECOSOC")],
    "UNFF": [("subOrganizationOf", "ECOSOC")], "ECE": [("subOrganizationOf", "ECOSOC")],
    "ESCAP": [("subOrganizationOf", "ECOSOC")], "ECA": [("subOrganizationOf", "ECOSOC")],
    "ECLAC": [("subOrganizationOf", "ECOSOC")], "ESCWA": [("subOrganizationOf", "ECOSOC")],
    "CDP": [("subOrganizationOf", "ECOSOC")], "ERC": [("postIn", "OCHA")],
}


def lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def main() -> None:
    rows = list(csv.DictReader(open(ROOT / "lexicon" / "bodies.csv", encoding="utf-8")))
    out = ["# Generated by tools/gen_bodies_ttl.py from lexicon/bodies.csv: the bodies Mandate Graph knows.",
           "@prefix mg: <https://w3id.org/mandate-graph/ontology#> .",
           "@prefix body: <https://w3id.org/mandate-graph/id/body/> .",
           "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
           "@prefix org: <http://www.w3.org/ns/org#> .",
           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", ""]
    for r in rows:
        key = r["key"]
        zh = [n for n in r["names_zh"].split("|") if n]
        en = [r["name_en"]] + [a for a in EN_ALIASES.get(key, []) if a != r["name_en"]]
        lines = [f"body:{key} a mg:{KIND_CLASS[r['kind']]} ;", f'    skos:notation "{key}" ;',
                 f"    skos:prefLabel {lit(en[0], 'en')}, {lit(zh[0], 'zh')} ;",
                 f"    rdfs:label {lit(en[0], 'en')}, {lit(zh[0], 'zh')} ;"]
        alts = [lit(a, "en") for a in en[1:]] + [lit(a, "zh") for a in zh[1:]]
        hidden = HIDDEN.get(key, {})
        alts = [a for a in alts if a[1:-4] not in hidden.get("zh", []) + hidden.get("en", [])]
        if alts:
            lines.append(f"    skos:altLabel {', '.join(alts)} ;")
        hid = [lit(h, lang) for lang, hs in sorted(hidden.items()) for h in hs]
        if hid:
            lines.append(f"    skos:hiddenLabel {', '.join(hid)} ;")
        for prop, target in STRUCTURE.get(key, []):
            ns = "org" if prop in ("subOrganizationOf",) else "mg"
            lines.append(f"    {ns}:{prop} body:{target} ;")
        lines.append(f'    mg:bodyKind "{r["kind"]}" .')
        out.append("\n".join(lines) + "\n")
    (ROOT / "ontology" / "bodies.ttl").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
