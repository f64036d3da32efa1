"""The same reports in every format a writer has: GB/T 9704 .docx written here, .doc/.odt/.rtf/.pdf made
from them by LibreOffice, saved web pages from page templates of our own (no page of a real site).

``seed_reports()`` are the seed corpus's reports (real text, kept as it is); ``write_docx`` lays one out
as ``drafter new`` does (title 2号, body 3号 with first-line indent, “— 1 —” page numbers).
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from drafter.document.corpus import load_reports
from drafter.paths import data_dir
from drafter.skeleton.builder import build_document
from drafter.skeleton.templates import Block

SEED = data_dir("seeds") / "work-reports-2023-2024.txt"

# an older site: table layout, GB2312, 当前位置 line, metadata and font-size controls inside the
# content cell, print/close controls, a related-links list and a footer with the site's registrations
OLD_SITE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_{site}</title>
<script>var pageId = 81; function doZoom(s) {{ document.body.style.fontSize = s + 'px'; }}</script>
<style>.bt {{ font-size: 22px; }}</style></head>
<body>
<table width="1000"><tr><td><img src="banner.jpg" alt="{site}"></td></tr>
<tr><td class="menu"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a></td></tr></table>
<table width="1000"><tr>
<td width="220" valign="top"><div class="left"><h3>政务公开</h3><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li>
<li><a href="/c">规划计划</a></li><li><a href="/d">工作总结</a></li></ul></div></td>
<td valign="top">
<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/gzzj/">工作总结</a></div>
<div class="bt">{title}</div>
<div class="info">发布时间：{date}&nbsp;&nbsp;来源：{unit}&nbsp;&nbsp;浏览次数：1287</div>
<div class="zh">【字体：<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
<div class="TRS_Editor">{body}</div>
<div class="dy">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="xgwz"><b>相关文章</b><ul><li><a href="/x1">{unit}召开年度工作会议</a></li>
<li><a href="/x2">{unit}开展政策宣讲进社区活动</a></li><li><a href="/x3">关于公布第二批示范单位名单的通知</a></li></ul></div>
</td></tr></table>
<table width="1000" class="foot"><tr><td>主办单位：{site}办公室　承办单位：县大数据中心<br>
网站标识码：3400000099　皖ICP备00000000号-1　皖公网安备 34000002000099号</td></tr></table>
</body></html>
"""

# a newer site: HTML5 elements, UTF-8, breadcrumbs, 上一篇/下一篇 as plain text inside the article's
# content, a share bar and a footer element
NEW_SITE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title} - {site}</title><link rel="stylesheet" href="site.css"></head>
<body>
<header class="site-header"><div class="logo">{site}</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/gk">信息公开</a></li><li><a href="/fw">政务服务</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">首页</a> / <a href="/gk">信息公开</a> / <span>计划总结</span></div>
<main><article class="article">
<h1 class="article-title">{title}</h1>
<div class="article-meta"><span>来源：{unit}</span> <span>发布时间：{date}</span> <span>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>
<div class="article-content">{body}
<p>上一篇：{unit}开展政策宣讲进社区活动</p><p>下一篇：关于公布第二批示范单位名单的通知</p></div>
<div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="article-tools"><a href="javascript:print()">打印本页</a> <a href="javascript:close()">关闭窗口</a></div>
</article>
<aside><h2>热点信息</h2><ul><li><a href="/h1">全县重点项目建设推进会召开</a></li><li><a href="/h2">关于开展安全生产大检查的通知</a></li></ul></aside></main>
<footer><p>主办：{site}办公室　网站标识码：3400000098</p><p>皖ICP备00000001号　联系电话：0550-1234567</p></footer>
</body></html>
"""


def seed_reports() -> list[list[str]]:
    """The non-empty paragraphs of each report of the seed corpus."""
    return [[p.text for p in r.paragraphs if p.text.strip()] for r in load_reports(str(SEED))]


def write_docx(paragraphs: list[str], path: Path) -> Path:
    """A GB/T 9704 .docx: the first paragraph the title (one line: a break would be text), the rest body text."""
    blocks = [Block("title", paragraphs[0])] + [Block("p", t) for t in paragraphs[1:]]
    doc = build_document(blocks, title=paragraphs[0])
    for br in list(doc.element.body[0].iter("{*}br")):  # the title's line break: LibreOffice wraps it alike
        br.getparent().remove(br)
    doc.save(str(path))
    return path


def write_html(paragraphs: list[str], path: Path, template: str = NEW_SITE, encoding: str = "utf-8",
               unit: str = "县财政局", date: str = "2024-01-05 09:30") -> Path:
    """The report as a saved web page: its body one <p> a paragraph (full-width indent, as sites write it)."""
    body = "\n".join(f"<p>\u3000\u3000{html.escape(t)}</p>" for t in paragraphs[1:])
    page = template.format(title=html.escape(paragraphs[0]), site="县人民政府", unit=unit, date=date, body=body)
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))  # as browsers save
    return path


def soffice_convert(files: list[Path], to: str, folder: Path) -> list[Path]:
    """LibreOffice converts ``files`` to ``to`` (“doc”, “odt”, “rtf”, “pdf”) into ``folder``."""
    from tests.helpers import soffice_convert as convert

    folder.mkdir(parents=True, exist_ok=True)
    return convert(files, to, folder)


def copy_as(path: Path, suffix: str, folder: Path) -> Path:
    """A copy under another extension (a .doc standing in for a .wps: both are Word 97 compound files)."""
    target = folder / (path.stem + suffix)
    shutil.copyfile(path, target)
    return target
