"""Generate the synthetic part of the labelled matching set (corpus/matching/claims.jsonl).

Forms are assembled from corpus/matching/topics.yaml with a fixed seed: claims that an indicator
supports (same wording or a paraphrase), contradicts (a different number), claims no indicator
measures (orphans), not-checkable material, and lexical distractor indicators. The label of each
claim follows from how it was built. Hand-labelled records (seeds, forms modelled on real-dev)
live in corpus/matching/manual.jsonl and are copied in unchanged.

    python scripts/build_matching_set.py      # rewrites corpus/matching/claims.jsonl
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DIR = ROOT / "corpus" / "matching"
FORMS = {"dev": 70, "heldout": 35}
LEADS = ["本年度", "项目实施以来", "全年", "通过项目实施", "截至年底"]
QUAL = [("基层治理水平提升情况", "提升", "达成指标", "社会效益指标"), ("管理机制健全性", "健全", "达成指标", "可持续影响指标")]


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _cell(op: str, x: float, unit: str, rng: random.Random) -> str:
    return f"{op}{x:.2f}({unit})" if rng.random() < 0.5 else f"{op}{_fmt(x)}{unit}"


def _value(fam: dict, rng: random.Random) -> float:
    lo, hi = fam["vals"]
    if fam["unit"] == "%":
        return float(rng.randint(lo, hi)) if rng.random() < 0.7 else rng.randint(lo * 2, hi * 2 - 1) / 2
    return float(rng.randint(lo, hi))


def _render(tpl: str, num: str, unit: str) -> str:
    return tpl.replace("{v}", num).replace("{u}", unit)


def _claim_for(fam: dict, mode: str, v: float, rng: random.Random) -> tuple[str, str]:
    """(text, verdict) of a claim about ``fam`` whose indicator value is ``v``."""
    unit = fam["unit"]
    if mode == "para" and fam.get("para"):
        return _render(rng.choice(fam["para"]), _fmt(v), unit), "supported"
    tpl = rng.choice(fam["lex"])
    if mode == "contradicted":
        if unit == "%":
            c = v - rng.randint(3, 8) if v > 50 else v + rng.randint(3, 8)
        else:
            c = v + max(2, round(v * rng.choice([0.2, 0.3, -0.2])))
        return _render(tpl, _fmt(c), unit), "contradicted"
    if unit != "%" and v >= 20 and rng.random() < 0.25:
        step = 10 ** (len(str(int(v))) - 1)
        return _render(tpl, f"{int(v // step * step)}余", unit), "supported"
    return _render(tpl, _fmt(v), unit), "supported"


def build_form(split: str, n: int, topics: dict, rng: random.Random) -> dict:
    pool = topics[split]
    fams = rng.sample(pool, 4)
    claimed = fams[:3]  # fams[3]: in the table, never claimed
    indicators, labels, pieces = [], [], []
    for fam in fams:
        v = _value(fam, rng)
        t = v if fam["unit"] == "%" and rng.random() < 0.3 else max(1.0, float(int(v * rng.choice([0.8, 0.9, 1.0]))))
        fam_row = {"name": fam["name"], "level1": "满意度指标" if "满意" in fam["level2"] else "产出指标",
                   "level2": fam["level2"], "target": _cell("≥", t, fam["unit"], rng),
                   "actual": _cell("", v, fam["unit"], rng), "_v": v, "_t": t}
        indicators.append(fam_row)
    for fam, row in zip(claimed, indicators, strict=False):
        r = rng.random()
        mode = "para" if r < 0.2 else ("contradicted" if r < 0.45 else "lex")
        text, verdict = _claim_for(fam, mode, row["_v"], rng)
        pieces.append(text)
        labels.append({"field": "actual", "evidence": text, "verdict": verdict, "indicator": fam["name"],
                       "how": mode})
    if rng.random() < 0.85:
        tpl, lo, hi = rng.choice(topics["orphans"][split])
        v = rng.randint(lo, hi)
        text = tpl.replace("{v}", str(v)).replace("{b}", str(max(1, v // 5)))
        pieces.insert(rng.randrange(len(pieces) + 1), text)
        labels.append({"field": "actual", "evidence": text, "verdict": "unsupported", "indicator": None, "how": "orphan"})
    if rng.random() < 0.6:
        nc = rng.choice(topics["not_checkable"])
        text = nc.replace("{y}", str(rng.choice([2021, 2022, 2023]))).replace("{m}", f"{rng.randint(10, 900)}.{rng.randint(1, 99)}")
        text = text.replace("{p}", str(rng.randint(90, 100)))
        pieces.insert(rng.randrange(len(pieces) + 1), text)
        labels.append({"field": "actual", "evidence": text, "verdict": "not_checkable", "indicator": None, "how": "nc"})
    goal = "围绕年度重点任务, 提升公共服务水平。"
    if rng.random() < 0.35:
        fam, row = claimed[0], indicators[0]
        contradict = rng.random() < 0.3
        t = row["_t"]
        tnum = t + (5 if fam["unit"] == "%" and t <= 90 else (-5 if fam["unit"] == "%" else max(2, round(t * 0.25)))) if contradict else t
        text = "计划" + _render(rng.choice(fam["lex"]), _fmt(tnum), fam["unit"])
        goal = "围绕年度重点任务, " + text + ", 提升公共服务水平。"
        labels.append({"field": "goal", "evidence": text, "verdict": "contradicted" if contradict else "supported",
                       "indicator": fam["name"], "how": "goal"})
    for d in rng.sample(topics["distractors"], rng.randint(1, 2)):
        indicators.append({"name": d["name"], "level1": "产出指标", "level2": d["level2"], "target": d["target"],
                           "actual": d["actual"]})
    q = rng.choice(QUAL)
    indicators.append({"name": q[0], "level1": "效益指标", "level2": q[3], "target": q[1], "actual": q[2]})
    rng.shuffle(indicators)
    for row in indicators:
        row.pop("_v", None)
        row.pop("_t", None)
    actual = rng.choice(LEADS) + ", " + "，".join(pieces) + "。"
    form = {"kind": "self_evaluation", "project": f"合成项目{split}{n:03d}", "goal": goal, "actual": actual,
            "indicators": indicators}
    return {"id": f"{split}-{n:03d}", "split": split, "source": "synthetic", "form": form, "claims": labels}


def main() -> None:
    topics = yaml.safe_load((DIR / "topics.yaml").read_text(encoding="utf-8"))
    topics["orphans"] = {k: v for k, v in topics["orphans"].items()}
    rng = random.Random(20240601)
    records = [build_form(split, n, topics, rng) for split, count in FORMS.items() for n in range(count)]
    manual = DIR / "manual.jsonl"
    if manual.exists():
        records += [json.loads(line) for line in manual.read_text(encoding="utf-8").splitlines() if line.strip()]
    with (DIR / "claims.jsonl").open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n = sum(len(r["claims"]) for r in records)
    print(f"{len(records)} forms, {n} labelled claim decisions -> {DIR / 'claims.jsonl'}")


if __name__ == "__main__":
    main()
