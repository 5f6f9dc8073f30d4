"""GB/T 9704 layout of the Word and PDF reports (issue 10 items 6–8): page, fonts, line breaking, 目录,
bookmarks, column widths and the English text."""

from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from riskmodel.engine.inputs import parse_assessment
from riskmodel.questionnaire import get_questionnaire
from riskmodel.reports.context import context_from_input
from riskmodel.reports.docx import render_docx
from riskmodel.reports.layout import column_widths
from riskmodel.reports.outline import Heading, Image, Para, Table, Title, build_outline
from riskmodel.reports.pdf import CLOSING, render_pdf
from riskmodel.reports.typeface import chain, text_width
from tests.reports.fixtures import score_assessment

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_word_report_has_the_official_page_and_fonts(score_docx):
    doc = docx.Document(io.BytesIO(score_docx))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m / Mm(1)) for m in margins] == [37, 35, 28, 26]
    east = {
        name: doc.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        for name in ("Normal", "Heading 1", "Heading 2", "Title")
    }
    assert east == {"Normal": "仿宋", "Heading 1": "黑体", "Heading 2": "楷体", "Title": "黑体"}
    assert doc.styles["Normal"].font.size.pt == 16  # 三号
    assert doc.styles["Heading 1"].paragraph_format.keep_with_next


def test_the_standard_sets_the_body_size(score_ctx):
    q = score_ctx.questionnaire.model_copy(
        update={"report": score_ctx.questionnaire.report.model_copy(update={"body_size": "四号"})}
    )
    ctx = context_from_input(score_ctx.input, q)
    doc = docx.Document(io.BytesIO(render_docx(ctx, {})))
    assert doc.styles["Normal"].font.size.pt == 14


def test_word_report_has_a_real_toc_field_updated_on_opening(score_docx):
    doc = docx.Document(io.BytesIO(score_docx))
    instr = [el.text for el in doc.element.body.iter(qn("w:instrText"))]
    assert any(t.strip().startswith('TOC \\o "1-2"') for t in instr)
    assert doc.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_pdf_embeds_fangsong_and_kaiti_and_has_bookmarks(score_pdf):
    reader = PdfReader(io.BytesIO(score_pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("FandolFang" in f for f in fonts) and any("UKai" in f for f in fonts)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:2] == ["目\u3000录", "编制说明"] and "三、评估结论" in titles
    assert isinstance(reader.outline[3], list)  # sections nested under their chapter
    contents = reader.pages[1].extract_text()
    assert "一、基本情况" in contents
    numbers = [int(x) for x in re.findall(r"^(\d+)$", contents, flags=re.M)]
    assert len(numbers) >= 15 and numbers == sorted(numbers) and numbers[0] >= 3  # the page of each heading


def test_no_pdf_line_starts_with_closing_punctuation():
    data = score_assessment(draws=0)
    text = "，".join(["风险评估结论应审慎使用"] * 6 + ["概率为 100.0%"] * 6 + ["措施后（中风险）"] * 6) + "。"
    data["project"]["description"] = "；".join([text] * 6)
    ctx = context_from_input(parse_assessment(data), get_questionnaire("four-dimension"))
    reader = PdfReader(io.BytesIO(render_pdf(ctx, {})))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]
    bad = [line for line in lines if line[0] in CLOSING]
    assert not bad, bad[:5]


def test_serial_numbers_and_english_header_words_do_not_wrap():
    headers = ["No.", "Risk type", "Stage", "Risk factor", "Probability", "Impact", "Risk degree", "Remark"]
    rows = [[str(n), "Legality", "—", "x", "high", "major", "3.52 (high)", ""] for n in range(1, 25)]
    widths = column_widths(headers, rows, [0.3, 1, 1, 2, 1, 1, 1, 1], (0,), 442.0, "en")
    assert abs(sum(widths) - 442.0) < 0.5
    head = chain("hei", "en")
    for header, width in zip(headers, widths):
        assert width >= max(text_width(w, head, 10.5) for w in header.split())
    assert widths[0] >= text_width("24", chain("body", "en"), 10.5) and widths[0] >= text_width("No.", head, 10.5)
    zh = column_widths(["序号", "风险因素"], [["24", "很长的风险因素名称" * 3]], [0.2, 5], (0,), 442.0, "zh")
    assert zh[0] >= text_width("序号", chain("hei", "zh"), 10.5)


def _english_ctx():
    data = score_assessment(draws=50)
    data["project"] = {"name": "East waste plant", "type": "NIMBY", "region": "East", "stage": "approval"}
    for m in data["measures"]:
        m.update({k: "text" for k in ("measure", "phase", "deadline", "responsible", "assisting") if m.get(k)})
        m["factor"] = m["factor"] if m["factor"].isascii() else "Free text factor"
    for r in data["ratings"]:
        r.pop("comment", None)
    for e in data["experts"]:
        e["field"] = "law"
    data["mobilisation"] = {"expected_people": 300, "p_ge_100": 0.9}
    data["exclusions"] = [{"indicator": "PRO-01", "reason": "not applicable"}]
    return context_from_input(parse_assessment(data), get_questionnaire("four-dimension"), lang="en")


def test_the_english_report_text_is_fully_translated():
    # with user data in English, Chinese remains only in official document numbers and glosses
    allowed = re.compile(r"[^〔〕（）]*?(?:发改|中办发|评判标准|稳评工作台|号)")
    for b in build_outline(_english_ctx(), {"radar": b"", "factors": b"", "compare": b""}):
        texts: list[str] = []
        if isinstance(b, (Para, Heading)):
            texts = [b.text]
        elif isinstance(b, Table):
            texts = [b.caption, *b.headers, *(c for r in b.rows for c in r), b.note or ""]
        elif isinstance(b, Title):
            texts = [b.text, *b.subtitle_lines]
        elif isinstance(b, Image):
            texts = [b.caption]
        for text in texts:
            text = re.sub(r"\([^()]*\)", "", text)  # a Chinese term glossed in parentheses: "Public notice (公示)"
            for run in CJK.findall(text):
                context = text[max(0, text.index(run) - 12) : text.index(run) + 12]
                assert allowed.search(context) or run in "〔〕（）", (run, text[:120])


def test_lines_never_split_a_number_or_a_latin_word():
    from riskmodel.reports.typeface import break_lines

    fonts = chain("body", "zh")
    lines = break_lines("专家意见分歧较大，CV=0.32；措施前 0.298（较小）" * 3, fonts, 10.5, 70)
    joined = "\n".join(lines)
    assert "CV=0.32；" in lines or any(line.startswith("CV=0.32") for line in lines), lines
    for number in ("0.32", "0.298"):
        assert number in joined.replace("\n", "") and not re.search(number[:2] + r"\n", joined), lines
    assert not [line for line in lines if line and line[0] in CLOSING]
    sentence = "Kendall W of the ratings before measures = 0.592, chi2 = 68.03"
    english = break_lines(sentence, chain("body", "en"), 10.5, 120)
    words = set(sentence.split(" "))
    assert len(english) > 1 and all(w in words for line in english for w in line.split(" "))
