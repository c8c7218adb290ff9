#!/usr/bin/env python3
"""A benchmark corpus that reads like real forms: every form its own narratives and indicator names.

Why: the synthetic generator (devtools/synth) draws its narratives from a few dozen templates, so
across thousands of forms the claims, the quantity readings and the embedder's vectors are almost
all cache hits and the speed it shows is not the speed on real forms, where every narrative is new.
Here each form keeps the synthetic table (layouts of every family, as on real-dev: tab-separated,
pipe rows, a cell per line, spaced, fused, traditional) but gets a narrative of its own, composed
sentence by sentence from a pool of real-looking clauses with its own places, objects and numbers
(lists after 其中, money, dates, rates), and indicator names made specific with a place or object.

    python scripts/realistic_corpus.py OUT_DIR [--forms N] [--seed S]

scripts/bench.py imports ``write_realistic`` from here (it is not part of the installed package).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.synth.corpus import CORPUS_FAMILIES  # noqa: E402
from devtools.synth.defects import random_defects  # noqa: E402
from devtools.synth.generator import generate_form  # noqa: E402
from devtools.synth.render import render_file  # noqa: E402
from devtools.synth.style import SELF_FAMILIES  # noqa: E402
from devtools.synth.traditional import form_to_traditional, to_traditional  # noqa: E402
from nlp_audit.model import Narrative  # noqa: E402

PLACES = ["东关", "西湖", "南岭", "北坡", "城关", "河口", "柳溪", "桃源", "青山", "石桥", "新华", "红旗", "长安", "永丰",
          "金沙", "白云", "黄土岭", "李家湾", "王庄", "张村", "杨柳", "梅林", "松岗", "竹园", "双河", "三合", "五里",
          "六合", "七星", "八一", "龙泉", "凤凰", "马鞍山", "牛角", "鹤鸣", "云台", "清水", "洪山", "江北", "沙坪"]
OBJECTS = ["党群服务站", "村级活动室", "文化广场", "便民服务点", "卫生室", "幸福院", "农家书屋", "蓄水池", "灌溉渠",
           "机耕道", "排水沟", "污水管网", "垃圾中转站", "公厕", "路灯", "护栏", "健身路径", "日间照料中心",
           "老年食堂", "图书室", "监控点位", "应急避难场所", "标准化厂房", "冷链仓库", "育苗大棚", "产业路",
           "人行步道", "便民桥", "消防栓", "充电桩"]
PEOPLE = ["党员", "群众", "困难群众", "留守儿童", "独居老人", "退役军人", "残疾人", "脱贫户", "新型农民", "志愿者",
          "网格员", "村干部", "医护人员", "教师", "学生", "农户", "务工人员", "创业青年"]
ACTIVITIES = ["主题党日活动", "政策宣讲", "技能培训", "义诊活动", "文艺演出", "法律咨询", "安全演练", "环境整治",
              "入户走访", "志愿服务", "健康讲座", "读书分享会", "消防检查", "防汛巡查", "农技指导", "招聘会"]
UNITS_ITEM = ["个", "处", "座", "所", "套", "台", "盏"]
MONTHS = range(1, 13)

# One clause each; {p} place, {o} object, {g} people, {a} activity, {n}/{m}/{k} numbers, {u} a count unit.
CLAUSES = [
    "在{p}新建{o}{n}{u}", "完成{p}{o}改造{n}{u}", "为{p}配备{o}{n}{u}", "维修{p}{o}{n}{u},消除安全隐患",
    "组织开展{a}{n}场,参与{g}{m}人次", "开展{a}{n}次,覆盖{g}{m}人", "累计服务{g}{m}人次", "走访{g}{n}户",
    "培训{g}{m}人次,其中{p}{k}人次", "共建成{o}{n}{u},其中{p}{k}{u}", "发放宣传资料{m}份", "受理群众诉求{n}件,办结率达{r}%",
    "{g}满意度达到{r}%", "项目资金{x}万元全部拨付到位", "实际支出{x}万元,预算执行率{r}%", "铺设{o}{n}米",
    "硬化道路{d}公里", "整治{p}河道{d}公里", "新增绿化面积{m}平方米", "完成{o}建设{n}{u},较年初计划提前{k}天",
    "于{mo}月{day}日通过竣工验收", "{mo}月底前完成招标采购", "{p}片区{o}覆盖率提高到{r}%",
    "带动{g}增收{x}万元", "吸纳{g}{n}人就业", "{a}参与率{r}%", "处理{g}反映问题{n}个", "更新{o}设备{n}台",
]
SENTENCE_OPENERS = ["全年", "项目实施期间", "截至{y}年底", "{y}年", "本年度", "自项目启动以来", ""]
PROSE = ["项目严格按照年初计划组织实施", "各项工作有序推进", "资金使用规范,无挤占挪用现象", "群众获得感明显增强",
         "基层服务能力进一步提升", "管理制度逐步健全", "工作机制更加完善", "社会效益初步显现",
         "项目质量得到有效保障", "后续管护责任落实到人", "服务覆盖面持续扩大", "群众反映良好",
         "{p}{o}的使用效率明显提高", "{g}参与{a}的积极性不断增强", "{p}片区的{o}管护机制逐步健全",
         "围绕{p}{o}建设加强统筹协调", "聚焦{g}需求优化{a}内容", "建立{o}日常巡查制度", "{a}的组织形式更加多样",
         "进一步改善了{p}的人居环境", "推动{p}{o}提档升级", "{g}的满意度和获得感持续提升",
         "形成了以{o}为依托的{a}机制", "强化{o}运行维护,确保正常使用", "{p}的{a}实现常态化开展"]
NUMERIC_SHARE = 0.2  # real narratives are mostly prose: 2-4 numbers in a 250-character text (seeds: 1.8)
GOAL_VERBS = ["计划", "拟", "力争", "预计"]


def _fill(rng: random.Random, tpl: str, year: int) -> str:
    return tpl.format(
        p=rng.choice(PLACES), o=rng.choice(OBJECTS), g=rng.choice(PEOPLE), a=rng.choice(ACTIVITIES),
        n=rng.randint(2, 60), m=rng.randint(60, 9000), k=rng.randint(1, 20), u=rng.choice(UNITS_ITEM),
        r=rng.choice([85, 88, 90, 92, 95, 96, 98, 100]) + rng.choice([0, 0, 0.5]),
        x=round(rng.uniform(1, 500), rng.choice([0, 1, 2])), d=round(rng.uniform(0.5, 30), 1),
        mo=rng.choice(MONTHS), day=rng.randint(1, 28), y=year,
    )


def narrative(rng: random.Random, year: int, goal: bool) -> str:
    """A narrative of its own: 2-4 sentences of 1-4 clauses (about a third of them with a number),
    places, objects and numbers drawn for this form."""
    sentences = []
    for _ in range(rng.randint(2, 4)):
        clauses = [_fill(rng, rng.choice(CLAUSES if rng.random() < NUMERIC_SHARE else PROSE), year)
                   for _ in range(rng.randint(1, 4))]
        opener = rng.choice(SENTENCE_OPENERS).format(y=year)
        if goal:
            opener += rng.choice(GOAL_VERBS)
        sentences.append(opener + ",".join(clauses))
    return "。".join(sentences) + "。"


def _specific(rng: random.Random, name: str) -> str:
    """An indicator name made specific, as real forms write them ('龙泉村{name}')."""
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(PLACES) + name
    if roll < 0.5:
        return name.replace("服务站", rng.choice(OBJECTS)) if "服务站" in name else rng.choice(OBJECTS) + name
    return name


def make_realistic_file(rng: random.Random, family: str) -> str:
    """One file of ``family`` whose forms all have narratives and names of their own."""
    traditional = family == "traditional"
    layout = rng.choice(SELF_FAMILIES) if traditional else family
    kind = "declaration" if layout == "declaration" else "self_evaluation"
    forms = []
    for _ in range(rng.randint(1, 2) if layout in ("tabbed", "cell_per_line") else 1):
        defects = random_defects(rng, kind) if rng.random() < 0.5 else []
        s = generate_form(rng, kind, defects=defects, family=layout)
        f = s.form
        year = f.year or 2023
        f.goal = Narrative(narrative(rng, year, goal=True))
        if kind != "declaration":
            f.actual = Narrative(narrative(rng, year, goal=False))
        for ind in f.indicators:
            ind.name = _specific(rng, ind.name)
        if traditional:
            s.form = form_to_traditional(f)
        forms.append(s)
    text = render_file(forms)
    return to_traditional(text) if traditional and not forms[0].traditional else text


def write_realistic(folder: Path, n_forms: int, seed: int = 11) -> tuple[int, int]:
    """Write files until about ``n_forms`` forms exist (every family in turn); (forms, files)."""
    rng = random.Random(f"realistic:{seed}")
    folder.mkdir(parents=True, exist_ok=True)
    forms = files = 0
    while forms < n_forms:
        family = CORPUS_FAMILIES[files % len(CORPUS_FAMILIES)]
        text = make_realistic_file(rng, family)
        (folder / f"{files:06d}_{family}.txt").write_text(text, encoding="utf-8")
        forms += max(1, text.count("项目名称"))
        files += 1
    return forms, files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--forms", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    forms, files = write_realistic(args.out, args.forms, args.seed)
    print(f"wrote about {forms} forms in {files} files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
