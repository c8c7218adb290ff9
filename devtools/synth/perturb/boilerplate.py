"""Web boilerplate around the form: site header, navigation, page metadata, doc-sharing chrome, footers.

The form is printed by its own family renderer (any family, declarations too); lines of a government
site or a doc-sharing mirror come above it (some with numbers, dates, file names and titles of
related forms, which must not become a form of their own), and a footer often follows. Truth: the one
form, unchanged.
"""

from __future__ import annotations

import random

from ..generator import SynthForm, vocab
from ..render import render as render_family
from .truth import Rendered, truth_of

SITE = ("{county}人民政府门户网站", "{county}财政局", "{district}人民政府", "{county}政府信息公开平台")
NAV = ("首页 > 政务公开 > 财政资金 > 预决算公开", "首页 | 政府信息公开 | 政策文件 | 互动交流 | 办事服务",
       "当前位置:首页>信息公开>法定主动公开内容>财政信息", "您当前的位置:首页 - 通知公告")
META = ("发布时间:{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d} 来源:{county}财政局 浏览次数:{n}",
        "索引号:{code}/{y}-{n} 发布机构:{county}财政局 生成日期:{y}-{m:02d}-{d:02d}",
        "【字体:大 中 小】 【打印本页】 【关闭窗口】", "分享到: 微信 微博 QQ空间", "阅读次数:{n} 字号:T|T",
        "信息来源:{county}人民政府办公室 作者:{person} 发布日期:{y}年{m}月{d}日")
SHARING = ("{title}.docx", "编号:{n}{n}  文件大小:{kb}KB  共{p}页  类型:DOCX", "立即下载", "声明:资料由网友上传分享,仅供学习参考",
           "内容预览", "本资料《{title}.docx》共{p}页,由网友上传,预览仅显示部分内容,完整内容请下载后查看。",
           "分享者:{person} 资料编号:{n} 分享日期:{y}-{m:02d}-{d:02d}", "{title}.docx 预览第1页", "1 / {p}", "展开阅读全文>>")
RELATED = ("相关文档:", "{y}年度{project}绩效自评表", "{y}年度部门整体支出绩效自评报告", "{county}{y}年项目支出绩效目标申报表汇总")
FOOTER = ("主办:{county}人民政府办公室 承办:{county}大数据中心", "网站标识码:{code} ICP备{n}号 公网安备{n}号",
          "扫一扫在手机打开当前页", "联系我们 | 网站地图 | 隐私声明")


def _fill(template: str, form, rng: random.Random) -> str:
    places = vocab()["places"]
    return template.format(
        county=rng.choice(places["counties"]), district=rng.choice(places["districts"]), person=rng.choice(places["people"]),
        y=(form.year or 2022) + 1, m=rng.randint(1, 12), d=rng.randint(1, 28), h=rng.randint(8, 18), mi=rng.randint(0, 59),
        n=rng.randint(100, 99999), code=rng.randint(1000000000, 9999999999), kb=f"{rng.uniform(12, 90):.2f}",
        p=rng.randint(2, 30), title=f"{form.year}年度{form.project}绩效自评表", project=form.project,
    )


def render(synths: list[SynthForm], rng: random.Random) -> Rendered:
    synth = synths[0]
    form = synth.form
    variants = []
    top: list[str] = []
    if rng.random() < 0.6:
        top += [rng.choice(SITE), rng.choice(NAV), *rng.sample(META, rng.randint(1, 3))]
        variants.append("site")
    if rng.random() < 0.5 or not top:
        top += rng.sample(SHARING, rng.randint(3, 7))
        variants.append("sharing")
    if rng.random() < 0.3:
        top += list(RELATED[: rng.randint(2, len(RELATED))])
        variants.append("related")
    text = "\n".join(_fill(t, form, rng) for t in top) + "\n\n" + render_family(synth)
    if rng.random() < 0.5:
        text += "\n" + "\n".join(_fill(t, form, rng) for t in rng.sample(FOOTER, rng.randint(1, 3))) + "\n"
        variants.append("footer")
    return Rendered(text, [truth_of(form)], "+".join(variants))
