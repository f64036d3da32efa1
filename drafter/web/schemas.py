"""The documented shapes of the JSON API (its OpenAPI schema at /openapi.json): what the routes
accept and return, field by field, in Chinese for the /docs page."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from drafter.document.model import YEAR_MAX, YEAR_MIN
from drafter.outputs.report import JSON_VERSION
from drafter.reader import SUPPORTED

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TAGS = [
    {"name": "检查草稿", "description": f"上传草稿（{SUPPORTED}），返回检查结果，或带批注、带修订的副本。"},
    {"name": "生成模板", "description": "按 GB/T 9704 生成报告模板（.docx）。"},
    {"name": "常用表述", "description": "各部分的常用说法，附出现次数和例句。"},
]



class ErrorOut(BaseModel):
    error: str = Field(description="一行中文说明")


class FindingOut(BaseModel):
    rule: str = Field(description="规则编号，如 placeholder")
    severity: Literal["error", "warning", "info"] = Field(description="级别：error 错误、warning 警告、info 提示")
    message: str = Field(description="问题说明")
    paragraph: int | None = Field(description="段落序号（.docx 为正文第几个段落，文本文件为行号）；全文性问题为 null")
    start: int | None = Field(description="该段可见文字中问题的起点（从 0 起，自动编号不计）")
    end: int | None = Field(description="终点（不含）")
    section: str = Field(description="所在部分，如“一、2025年工作总结 > （二）……”；空为全文")
    excerpt: str = Field(description="问题附近的原文")
    suggestion: str | None = Field(description="建议的改法")


class ParagraphOut(BaseModel):
    number: str = Field(description="Word 自动编号的文字，如“一、”；键入的编号在 text 中")
    text: str = Field(description="段落可见文字；start/end 据此计算")


class FileOut(BaseModel):
    path: str = Field(description="上传时的文件名（仅用于显示）")
    report: str = Field(description="报告标题")
    year: int | None = Field(description="总结年份")
    findings: list[FindingOut]
    upload: int = Field(description="这是第几个上传的文件（从 0 起）；汇编文件有多篇报告时多项相同")
    kind: Literal["docx", "text", "html", "pdf"] = Field(
        description="docx（含经 LibreOffice 转换的 .doc/.wps/.odt/.rtf）、html、pdf 按段计数，text 按行计数")
    paragraphs: dict[str, ParagraphOut] = Field(description="有问题的段落全文，键为段落序号，供页面标出问题位置")
    fixable: int = Field(description="其中可以自动修改（POST /api/fix）的问题数")


class FileErrorOut(BaseModel):
    path: str = Field(description="上传时的文件名")
    message: str = Field(description="无法读取的原因")
    upload: int = Field(description="这是第几个上传的文件（从 0 起）")


class LintOut(BaseModel):
    version: int = Field(JSON_VERSION, description="JSON 格式版本（与 drafter lint --format json 相同）")
    files: list[FileOut]
    errors: list[FileErrorOut]


class KindOut(BaseModel):
    name: str = Field(description="报告类型")
    description: str = Field(description="说明")
    required: list[str] = Field(description="必备部分（summary 总结、problems 存在问题、plan 计划……）")


class RuleOut(BaseModel):
    id: str = Field(description="规则编号（稳定接口），如 wording")
    name: str = Field(description="规则的中文名称，如 常见错词")
    severity: str
    description: str


class PhraseOut(BaseModel):
    phrase: str = Field(description="表述（“……”处可填入不同内容）")
    text: str = Field(description="风格档案中的原文（{…} 为可替换处，{year} 为报告年份，{数字} 为数字）")
    kind: str = Field(description="phrase 固定说法，frame 带空位的句式")
    count: int = Field(description="在该部分出现的次数（“全部”为总次数；整理的写法为 0）")
    docs: int = Field(description="在该部分用到它的报告篇数（不超过次数）")
    share: float = Field(description="本部分占比：它的全部用例中出现在该部分的比例（0～1）")
    section: str = Field(description="所属部分（“全部”时为最有代表性的部分）")
    fillers: list[str] = Field(description="带空位的句式在报告中实际填过的内容（2～3 个）")
    examples: list[str] = Field(description="例句")
    stock: bool = Field(description="true：整理的常用写法（语料不足 30 篇时附在挖掘结果之后），不是从报告中挖掘的")
    note: str = Field(description="整理的写法的用法说明")


class PhrasesOut(BaseModel):
    section: str
    label: str = Field(description="部分的中文名")
    q: str
    total: int = Field(description="符合条件的表述总数")
    phrases: list[PhraseOut]


class NewIn(BaseModel):
    unit: str = Field(min_length=1, max_length=60, description="单位名称，如“区财政局”", examples=["区财政局"])
    year: int = Field(ge=YEAR_MIN, le=YEAR_MAX, description="总结年份，如 2026", examples=[2026])
    kind: str | None = Field(None, max_length=60, description="报告类型（见 GET /api/kinds）；默认为第一种")
    hints: bool = Field(True, description="每部分插入常用表述提示")
    seal: bool = Field(False, description="落款按加盖印章排（GB/T 9704 7.3.5.1）；默认不加盖印章（7.3.5.2）")


DOCX_RESPONSE = {
    200: {"content": {DOCX_MIME: {}}, "description": "Word 文件；Content-Disposition 中带 UTF-8 中文文件名（filename*）"},
    400: {"model": ErrorOut, "description": "文件无法读取或参数有误"},
    413: {"model": ErrorOut, "description": "上传内容过大"},
}

