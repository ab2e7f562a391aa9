"""Generate realistic synthetic UN texts (Chinese and English) for benchmarks.

Resolutions with a preamble (citation lists of earlier resolutions and decisions) and numbered
operative paragraphs (requests to report to a session, calls, encouragements, transmittals,
sub-paragraphs), and Executive Board session reports with annexed decisions. Deterministic for
a seed; writes the texts and a manifest.csv.

    python bench/generate.py --docs 1000 --out bench/corpus-1000
"""
from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

CN = "〇一二三四五六七八九"


def cn(n: int) -> str:
    """80 → 八十, 69 → 六十九, 101 → 一百零一."""
    if n >= 100:
        h, r = divmod(n, 100)
        return CN[h] + "百" + ("" if r == 0 else ("零" + CN[r] if r < 10 else cn(r) if r >= 20 else "一" + cn(r)))
    t, u = divmod(n, 10)
    return ("" if t == 0 else ("" if t == 1 else CN[t]) + "十") + ("" if u == 0 else CN[u])


EN_ORD = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
          9: "ninth"}
EN_TENS = {5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
EN_TENTH = {5: "fiftieth", 6: "sixtieth", 7: "seventieth", 8: "eightieth", 9: "ninetieth"}


def en_ord(n: int) -> str:
    t, u = divmod(n, 10)
    return EN_TENTH[t] if u == 0 else f"{EN_TENS[t]}-{EN_ORD[u]}"


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TOPICS_ZH = ["农村地区妇女和女童的状况", "贩运妇女和女童问题", "改善妇女在联合国系统中的地位", "消除对妇女的暴力行为",
             "妇女参与发展", "加强努力消除产科瘘", "女童", "妇女与和平与安全"]
TOPICS_EN = ["Situation of women and girls in rural areas", "Trafficking in women and girls",
             "Improvement of the situation of women in the United Nations system",
             "Intensification of efforts to eliminate all forms of violence against women",
             "Women in development", "Intensification of efforts to end obstetric fistula", "The girl child",
             "Women and peace and security"]
ACTORS_ZH = [("会员国", "敦促"), ("联合国系统各实体", "鼓励"), ("所有国家", "吁请"), ("国际社会", "促请")]
ACTORS_EN = [("Member States", "Urges"), ("the entities of the United Nations system", "Encourages"),
             ("all States", "Calls upon"), ("the international community", "Calls upon")]
THEMES_ZH = ["加强农村妇女获得土地和资源的机会", "将性别视角纳入所有政策和方案", "收集按性别分列的数据",
             "为妇女组织提供充足资金", "消除歧视性法律和做法"]
THEMES_EN = ["strengthen the access of rural women to land and resources",
             "mainstream a gender perspective into all policies and programmes", "collect sex-disaggregated data",
             "provide adequate funding to women's organizations", "eliminate discriminatory laws and practices"]


def cite_list_zh(r: random.Random, session: int) -> str:
    refs = sorted({(r.randint(session - 12, session - 1), r.randint(100, 290)) for _ in range(r.randint(1, 4))})
    parts = [f"{1945 + s} 年 12 月 {r.randint(10, 22)} 日第 {s}/{n} 号" for s, n in refs]
    return "回顾其" + "、".join(parts) + "决议，"


def cite_list_en(r: random.Random, session: int) -> str:
    refs = sorted({(r.randint(session - 12, session - 1), r.randint(100, 290)) for _ in range(r.randint(1, 4))})
    parts = [f"{s}/{n} of {r.randint(10, 22)} December {1945 + s}" for s, n in refs]
    head = "Recalling its resolution " if len(parts) == 1 else "Recalling its resolutions "
    return head + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + ","


def resolution(r: random.Random, lang: str, session: int, number: int) -> str:
    year = 1945 + session
    day = r.randint(10, 22)
    t = r.randrange(len(TOPICS_EN))
    due = session + r.choice([1, 2])
    csw = session - 10
    if lang == "zh":
        lines = [f"联合国{' ' * 60}A/RES/{session}/{number}", f"大会{' ' * 55}Distr.: General",
                 f"{' ' * 57}{day + 2} December {year}", "", f"第{cn(session)}届会议", f"议程项目 {r.randint(20, 140)}",
                 "", f"{' ' * 12}大会 {year} 年 12 月 {day} 日决议", "", f"{session}/{number}. {TOPICS_ZH[t]}", "",
                 "    大会，", "", "    " + cite_list_zh(r, session), "", "    重申《北京宣言》和《行动纲要》，", ""]
        lines += [f"    又回顾第 {year - r.randint(1, 4)}/{r.randint(1, 40)} 号决定，", ""] if r.random() < 0.3 else []
        paras = ["注意到秘书长的报告；"]
        for actor, verb in r.sample(ACTORS_ZH, 2):
            paras.append(f"{verb}{actor}{r.choice(THEMES_ZH)}；")
        paras.append(f"请秘书长向大会第{cn(due)}届会议报告本决议的执行情况；")
        if r.random() < 0.5:
            paras.append(f"又请秘书长向妇女地位委员会第{cn(csw)}届会议提出口头报告；")
        paras.append(f"决定将题为“{TOPICS_ZH[t]}”的分项列入大会第{cn(due)}届会议临时议程。")
        for i, p in enumerate(paras, 1):
            lines += [f"    {i}. {p}", ""]
        return "\n".join(lines)
    lines = [f"United Nations{' ' * 50}A/RES/{session}/{number}", f"General Assembly{' ' * 41}Distr.: General",
             f"{' ' * 57}{day + 2} December {year}", "", f"{en_ord(session).capitalize()} session",
             f"Agenda item {r.randint(20, 140)}", "",
             f"{' ' * 10}Resolution adopted by the General Assembly on {day} December {year}", "",
             f"{session}/{number}. {TOPICS_EN[t]}", "", "     The General Assembly,", "",
             "     " + cite_list_en(r, session), "",
             "     Reaffirming the Beijing Declaration and Platform for Action,", ""]
    paras = ["Takes note of the report of the Secretary-General;"]
    for actor, verb in r.sample(ACTORS_EN, 2):
        paras.append(f"{verb} {actor} to {r.choice(THEMES_EN)};")
    paras.append(f"Requests the Secretary-General to submit to the General Assembly at its {en_ord(due)} session "
                 "a report on the implementation of the present resolution;")
    if r.random() < 0.5:
        paras.append(f"Also requests the Secretary-General to provide an oral report to the Commission on the "
                     f"Status of Women at its {en_ord(csw)} session;")
    paras.append(f"Decides to include in the provisional agenda of its {en_ord(due)} session the item entitled "
                 f"\"{TOPICS_EN[t]}\".")
    for i, p in enumerate(paras, 1):
        lines += [f"     {i}. {p}", ""]
    return "\n".join(lines)


def board_report(r: random.Random, year: int, number: int, first: int = 2) -> tuple[str, list[str]]:
    """A UN-Women Executive Board session report (zh) with three annexed decisions, numbered from ``first``."""
    decisions = [f"{year}/{k}" for k in range(first, first + 3)]
    lines = [f"联合国{' ' * 60}UNW/{year}/{number}", "联合国促进性别平等和增强妇女权能署执行局",
             f"{' ' * 57}Distr.: General", "", f"执行局 {year} 年年度会议的报告", "",
             f"1. 执行局于 {year} 年 6 月 {r.randint(15, 20)} 日至 {r.randint(21, 23)} 日举行了年度会议。", "",
             f"2. 执行局通过了本报告附件中的三个决定({'、'.join(decisions)})。", "",
             f"3. 执行主任介绍了关于战略计划执行情况的报告(UNW/{year}/{number - 2})。", "", " 附件", ""]
    for d in decisions:
        lines += [f"  {d} ", "", f"  {r.choice(TOPICS_ZH)}", "", "执行局，", "",
                  f"1. 回顾其第 {year - 1}/{r.randint(2, 8)} 号决定；", "",
                  "2. 注意到妇女署的报告，并赞扬妇女署迄今为止的强劲表现；", "",
                  f"3. 请妇女署在 {year + 1} 年年度会议上向执行局报告{r.choice(THEMES_ZH)}的进展情况；", ""]
        if r.random() < 0.5:
            lines += [f"4. 又请妇女署在 {year + 1} 年第一届常会之前提交一份路线图；", ""]
        lines += ["5. 决定将报告传送给经济和社会理事会。", "", f"{year}年 6月 20日", ""]
    return "\n".join(lines), [f"UNW/DEC/{d}" for d in decisions]


def generate(n_docs: int, out: Path, seed: int = 7) -> Path:
    r = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    next_decision: dict[int, int] = {}
    for i in range(n_docs):
        if i % 5 == 4:
            year = 2010 + (i // 5) % 15
            first = next_decision.get(year, 2)
            next_decision[year] = first + 3           # decision symbols are unique, as in the real record
            text, _ = board_report(r, year, 100 + i, first)
            name, symbol, lang, kind, issuer = f"unw_{i:06d}.txt", f"UNW/{year}/{100 + i}", "zh", "report", "UNW-EB"
        else:
            session = 60 + i % 20
            lang = "zh" if i % 2 == 0 else "en"
            text = resolution(r, lang, session, 1000 + i)
            name, symbol, kind, issuer = f"res_{i:06d}_{lang}.txt", f"A/RES/{session}/{1000 + i}", "resolution", "GA"
        (out / name).write_text(text + "\n", encoding="utf-8")
        rows.append({"file": name, "symbol": symbol, "language": lang, "type": kind, "issuer": issuer})
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "symbol", "language", "type", "issuer"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    generate(a.docs, a.out, a.seed)
    print(f"{a.docs} documents -> {a.out}")


if __name__ == "__main__":
    main()
