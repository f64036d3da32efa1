"""A skeleton whose prompts are all replaced by real text lints clean, for every kind."""

import io
import re
import zipfile

import pytest
from lxml import etree

from drafter.build import build_skeleton, fallback_hints, list_kinds
from drafter.lint import lint_file
from drafter.rules.base import severity_rank

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROMPT = re.compile(r"【[^【】]*】")

HEADINGS = [
    "聚焦收入组织，财政实力稳步增强", "深化预算改革，资金效益持续提升", "兜牢民生底线，保障水平不断提高",
    "收入增长后劲不足", "支出刚性压力较大", "资金绩效管理仍需加强", "狠抓收入组织", "优化支出结构",
    "加强队伍建设", "防范化解风险", "推进依法行政", "提升服务效能", "强化督促检查", "压实工作责任",
    "健全制度机制", "加强法治宣传", "规范执法行为", "落实普法责任",
]
SENTENCES = [
    "全年完成一般公共预算收入12.6亿元，同比增长5.2%，完成年度目标的101.3%。",
    "一是实施零基预算改革，压减一般性支出8%；二是开展事前绩效评估86项；三是盘活闲置资产2300万元。",
    "坚持党建引领，开展廉政教育12次，获评市级文明单位。",
    "新增税源项目较少，非税收入占比偏高，收入质量有待提高。",
    "教育、医疗、社保等刚性支出逐年增加，收支平衡压力较大。",
    "部分单位重分配、轻管理，绩效评价结果运用不够充分。",
    "加强税源监控，确保收入增长6%以上，年底前完成清欠任务。",
    "严控“三公”经费，集中财力保障重点项目，由预算科牵头，6月底前完成。",
    "开展业务培训4期，健全内控制度，严肃财经纪律。",
    "按期偿还到期债务本息，守住不发生系统性风险的底线。",
    "全面落实行政执法“三项制度”，行政复议纠错率下降到3%以内。",
    "推行政务服务“一网通办”，群众满意率达到98%。",
    "主要负责人主持召开党组会议研究法治建设4次，听取专题汇报2次。",
    "党组理论学习中心组集中学法6次，领导干部年度述法实现全覆盖。",
    "重大行政决策全部经过合法性审查，法治建设考核结果纳入年度绩效。",
    "组织执法人员轮训2期，考核合格率100%，保障经费列入年度预算。",
    "成功创建省级法治政府建设示范项目1个，上级督察反馈的3个问题全部整改到位。",
]


def _fill(data: bytes, year: int) -> bytes:
    """Replace each prompt as a writer would: headings with headings, body with sentences."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    headings, sentences = iter(HEADINGS), iter(SENTENCES)
    for p in root.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(W + "val") if style is not None else ""
        for t in p.iter(W + "t"):
            text = t.text or ""
            if not PROMPT.search(text):
                continue
            if "常用表述" in text:
                t.text = ""  # the hint paragraph is deleted before the draft goes out
            elif "成文日期" in text:
                t.text = PROMPT.sub(f"{year}年12月20日", text)
            elif "领导机关" in text:
                t.text = PROMPT.sub("区委、区政府", text)
            elif "heading" in style_id.lower() or style_id.startswith("Heading"):
                t.text = PROMPT.sub(lambda m: next(headings), text)
            elif text.startswith("【") and text.endswith("】"):
                t.text = next(sentences)
            else:  # a prompt inside a sentence, like the lead's
                t.text = PROMPT.sub("围绕高质量发展，扎实做好各项工作，取得了新的成效", text)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("kind", [k["name"] for k in list_kinds()])
def test_filled_skeleton_lints_clean(tmp_path, kind):
    data = build_skeleton("区财政局", 2026, kind, hints=fallback_hints())
    path = tmp_path / "filled.docx"
    path.write_bytes(_fill(data, 2026))
    (result,) = lint_file(str(path))
    serious = [(f.rule, f.paragraph, f.message) for f in result.findings
               if severity_rank(f.severity) >= severity_rank("warning")]
    assert serious == []
    assert result.year == 2026
